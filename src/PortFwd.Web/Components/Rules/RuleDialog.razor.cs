using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Data.Storage;
using PortFwd.Web.Localization;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Components.Rules;

/// <summary>Adds or edits one rule: shows <see cref="RuleForm"/>, stores what it hands over, and closes with the saved rule.</summary>
public sealed partial class RuleDialog
{
    private RuleValidationContext? _context;

    [Inject]
    public required RuleStore Store { get; init; }

    [Inject]
    public required PanelPorts Panel { get; init; }

    /// <summary>The stored certificates: the form's picker for an uploaded certificate, and its check that one covers the host names.</summary>
    [Inject]
    public required PortFwd.Data.Certificates.CertificateStore Certificates { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required DatabaseWrites Writes { get; init; }

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>The rule to edit; null to add one.</summary>
    [Parameter]
    public ForwardingRule? Rule { get; set; }

    /// <summary>For a new rule: the fields to start from (a router mapping being adopted, say).</summary>
    [Parameter]
    public RuleDraft? Draft { get; set; }

    /// <summary>The new rule takes over a router mapping (<see cref="Draft"/> is made from it): the audit log says so.</summary>
    [Parameter]
    public bool AdoptsMapping { get; set; }

    /// <summary>When editing: the risks the saved rule already exposes on the router, which need no new confirmation.</summary>
    private IReadOnlyCollection<RouterRisk> AcceptedRisks => Rule is null || _context is null ? [] : RouterRisks.Of(Rule, _context);

    protected override async Task OnInitializedAsync()
    {
        _context = Panel.ValidationContext();
        _context = _context with { Certificates = await Certificates.FactsAsync(CancellationToken.None), Now = Time.GetUtcNow() };
    }

    private async Task<IReadOnlyDictionary<string, string[]>?> SaveAsync(RuleDraft draft)
    {
        // The form checked the draft against this machine already; a host name is resolved only now, on save.
        var context = await Panel.ValidationContextAsync(draft, CancellationToken.None);
        RuleSaveResult result;
        try
        {
            result = Rule is not null ? await Store.UpdateAsync(Rule.Id, draft, context, CancellationToken.None)
                : AdoptsMapping ? await Store.AdoptAsync(draft, context, CancellationToken.None)
                : await Store.CreateAsync(draft, context, CancellationToken.None);
        }
        catch (Exception ex) when (Writes.Diagnose(ex) is { } storage)
        {
            // The same sentence the API answers: the disk is full and nothing was saved.
            return new Dictionary<string, string[]> { [""] = [storage.Message] };
        }

        if (result.IsSuccess)
        {
            Dialog.Close(DialogResult.Ok(result.Value));
            return null;
        }

        // The validator's and the conflict check's messages in the page's language, like the form's own check.
        return result.Error.Kind == RuleSaveErrorKind.NotFound
            ? new Dictionary<string, string[]> { [""] = [L["RuleDialog.DeletedMeanwhile"]] }
            : ValidationText.Localize(result.Error.FieldErrors, result.Error.FieldMessages, L);
    }

    private void Cancel() => Dialog.Cancel();
}
