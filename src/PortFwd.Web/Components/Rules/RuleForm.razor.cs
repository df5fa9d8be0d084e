using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Web.Localization;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Components.Rules;

/// <summary>
/// The add/edit rule form. It checks input with the same validator the API uses and shows each message under
/// its field; storing the rule is the caller's (<see cref="OnSave"/>).
/// </summary>
public sealed partial class RuleForm
{
    /// <summary>The protocol select's value as text: the wire name, as the API spells it ("tcpudp").</summary>
    private static readonly IReversibleConverter<Protocol?, string?> ProtocolWireName =
        Conversions.From<Protocol?, string?>(p => p?.ToName(), text => ProtocolNames.TryParse(text, out var p) ? p : null);

    private RuleFormModel _model = new();
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private bool _saving;
    private bool _advancedOpen;

    /// <summary>The rule to edit; null for a new rule.</summary>
    [Parameter]
    public RuleDraft? Initial { get; set; }

    /// <summary>Stores the rule; returns field errors, or null when saved.</summary>
    [Parameter, EditorRequired]
    public Func<RuleDraft, Task<IReadOnlyDictionary<string, string[]>?>> OnSave { get; set; } = default!;

    [Parameter]
    public EventCallback OnCancel { get; set; }

    /// <summary>What the validator needs beyond the form (the panel's own port).</summary>
    [Parameter]
    public RuleValidationContext? ValidationContext { get; set; }

    /// <summary>The risks the saved rule already exposes on the router (when editing): they were confirmed when it was saved.</summary>
    [Parameter]
    public IReadOnlyCollection<RouterRisk> AcceptedRisks { get; set; } = [];

    /// <summary>The dangerous services the rule as typed would newly open on the router: the "I understand…" box is shown for them.</summary>
    private IReadOnlyList<RouterRisk> NewRisks => _model.NewRouterRisks(ValidationContext ?? RuleValidationContext.Empty, AcceptedRisks);

    /// <summary>False until the circuit is connected: a click or a keystroke before that would be lost.</summary>
    private bool IsInteractive => RendererInfo.IsInteractive;

    protected override void OnInitialized()
    {
        if (Initial is not null)
        {
            _model = RuleFormModel.From(Initial);
        }

        _advancedOpen = _model.HasLimits || !_model.Schedule.AlwaysOn;
    }

    private bool UsesTls => _model.Tls is { Length: > 0 } tls && tls != "off";

    private string TlsHelp => L[_model.Tls switch
    {
        "acme" => "RuleForm.TlsHelpAcme",
        "selfSigned" => "RuleForm.TlsHelpSelfSigned",
        "uploaded" => "RuleForm.TlsHelpUploaded",
        _ => "RuleForm.TlsHelpDefault",
    }];

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Text(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private void ApplyPreset(RulePreset preset) => _model.Apply(preset);

    private async Task SaveAsync()
    {
        var draft = _model.ToDraft();
        var validation = RuleValidator.Validate(draft, ValidationContext);
        if (!validation.IsSuccess)
        {
            // The validator speaks English (the API's words); the form shows its messages in the page's language.
            ShowErrors(ValidationText.Localize(validation.Error, L));
            return;
        }

        _saving = true;
        try
        {
            ShowErrors(await OnSave(draft) ?? new Dictionary<string, string[]>());
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Shows the messages under their fields; a folded Advanced section opens when one of its fields has one.</summary>
    private void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        _errors = errors;
        _advancedOpen |= errors.Keys.Any(k => RuleLimitsFields.Fields.Contains(k) || k.StartsWith(RuleFields.Schedule, StringComparison.Ordinal));
    }
}
