using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Web.Components.Rules;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The add/edit rule form: labels, validation under each field, presets, editing, and what it hands to OnSave.</summary>
public sealed class RuleFormTests : MudTestContext
{
    private readonly List<RuleDraft> _saved = [];
    private IReadOnlyDictionary<string, string[]>? _saveErrors;
    private int _cancels;

    public RuleFormTests() => RenderAsLive();

    private Task<IReadOnlyDictionary<string, string[]>?> RecordSave(RuleDraft draft)
    {
        _saved.Add(draft);
        return Task.FromResult(_saveErrors);
    }

    private IRenderedComponent<RuleForm> RenderForm(RuleDraft? initial = null, RuleValidationContext? context = null) =>
        Render<RuleForm>(p => p
            .Add(x => x.OnSave, RecordSave)
            .Add(x => x.OnCancel, () => _cancels++)
            .Add(x => x.Initial, initial)
            .Add(x => x.ValidationContext, context));

    private static async Task FillValidRuleAsync(IRenderedComponent<RuleForm> cut, int externalPort = 8080)
    {
        await cut.Find("#rule-name").InputAsync("Web server");
        await cut.Find("#rule-external-port").InputAsync(externalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cut.Find("#rule-internal-host").InputAsync("192.168.1.20");
        await cut.Find("#rule-internal-port").InputAsync("80");
    }

    /// <summary>The text shown under a field: its helper or error line, inside the field's own input control.</summary>
    private static string TextUnder(IRenderedComponent<RuleForm> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";

    private static bool IsMarkedInvalid(IRenderedComponent<RuleForm> cut, string inputId) =>
        cut.Find($"#{inputId}").GetAttribute("aria-invalid") == "true"
        && cut.Find($"#{inputId}").Closest(".mud-input-control")!.QuerySelector(".mud-input-error") is not null;

    [Theory]
    [InlineData("rule-name", "Name")]
    [InlineData("rule-external-port", "External port")]
    [InlineData("rule-external-port-end", "External port end")]
    [InlineData("rule-internal-host", "Internal host")]
    [InlineData("rule-internal-port", "Internal port")]
    [InlineData("rule-allowed-sources", "Allowed sources")]
    [InlineData("rule-host-names", "Host names")]
    [InlineData("rule-path-prefix", "Path prefix")]
    [InlineData("rule-description", "Description")]
    public void Each_text_input_has_a_visible_label_whose_for_names_it(string id, string label)
    {
        var cut = RenderForm();

        var input = cut.Find($"#{id}");
        Assert.Contains(input.TagName, new[] { "INPUT", "TEXTAREA" });
        Assert.NotEqual("hidden", input.GetAttribute("type"));
        var labels = cut.FindAll($"label[for='{id}']");
        Assert.Equal(label, Assert.Single(labels).TextContent.Trim());
    }

    [Fact]
    public void The_protocol_select_is_labelled_Protocol_on_its_combobox()
    {
        var cut = RenderForm();

        // MudSelect keeps its value in a hidden input (#rule-protocol) that the label's "for" points to;
        // the control a person focuses is the combobox next to it, and it carries the name itself.
        var control = cut.Find("#rule-protocol").Closest(".mud-input-control")!;
        Assert.Equal("Protocol", cut.Find("label[for='rule-protocol']").TextContent.Trim());
        var combobox = control.QuerySelector("[role='combobox']")!;
        Assert.Equal("Protocol", combobox.GetAttribute("aria-label"));
        Assert.Equal("0", combobox.GetAttribute("tabindex"));
        Assert.Equal("TCP", combobox.TextContent.Trim());
    }

    [Theory]
    [InlineData("rule-enabled", "Enabled", true)]
    [InlineData("rule-open-on-router", "Open on router", false)]
    public void Each_switch_is_a_checkbox_inside_the_label_that_names_it(string id, string label, bool on)
    {
        var cut = RenderForm();

        var input = cut.Find($"#{id}");
        Assert.Equal("checkbox", input.GetAttribute("type"));
        Assert.Equal("switch", input.GetAttribute("role"));
        Assert.Equal(on, input.HasAttribute("checked"));
        Assert.Equal(label, input.Closest("label")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_buttons_are_Save_and_Cancel_and_Cancel_calls_OnCancel()
    {
        var cut = RenderForm();

        Assert.Equal("submit", cut.Find("#rule-save").GetAttribute("type"));
        Assert.Equal("Save", cut.Find("#rule-save").TextContent.Trim());
        Assert.Equal("Cancel", cut.Find("#rule-cancel").TextContent.Trim());
        await cut.Find("#rule-cancel").ClickAsync();
        Assert.Equal(1, _cancels);
        Assert.Empty(_saved);
    }

    [Fact]
    public void Prerendered_before_the_circuit_connects_no_field_switch_preset_or_button_takes_input()
    {
        RenderAsPrerendered();

        var cut = RenderForm();

        string[] controls =
        [
            "rule-name", "rule-external-port", "rule-external-port-end", "rule-internal-host", "rule-internal-port",
            "rule-allowed-sources", "rule-host-names", "rule-path-prefix", "rule-description",
            "rule-enabled", "rule-open-on-router", "rule-save", "rule-cancel",
        ];
        Assert.All(controls, id => Assert.True(cut.Find($"#{id}").HasAttribute("disabled"), $"#{id} takes input before the page is live"));
        Assert.All(RulePresets.All, preset => Assert.Contains("mud-disabled", cut.Find($"#preset-{preset.Name.ToLowerInvariant()}").ClassList));
    }

    [Fact]
    public void On_a_connected_circuit_the_fields_and_buttons_take_input()
    {
        var cut = RenderForm();

        Assert.All(["rule-name", "rule-external-port", "rule-internal-host", "rule-enabled", "rule-save", "rule-cancel"],
            id => Assert.False(cut.Find($"#{id}").HasAttribute("disabled"), $"#{id} is disabled on a live page"));
        Assert.DoesNotContain("mud-disabled", cut.Find("#preset-ssh").ClassList);
    }

    [Fact]
    public void The_form_explains_external_and_internal_port()
    {
        var cut = RenderForm();

        var help = cut.Find("#port-help").TextContent;
        Assert.Contains("External port", help, StringComparison.Ordinal);
        Assert.Contains("Internal port", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_an_empty_form_shows_the_validators_messages_under_the_fields_and_does_not_call_OnSave()
    {
        var cut = RenderForm();

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        var expected = RuleValidator.Validate(new RuleFormModel().ToDraft()).Errors;
        Assert.Equal(["externalPort", "internalHost", "internalPort", "name"], expected.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Give the rule a name, for example \"Web server\".", TextUnder(cut, "rule-name"));
        foreach (var (field, id) in new[] { ("name", "rule-name"), ("externalPort", "rule-external-port"), ("internalHost", "rule-internal-host"), ("internalPort", "rule-internal-port") })
        {
            Assert.Equal(string.Join(" ", expected[field]), TextUnder(cut, id));
            Assert.True(IsMarkedInvalid(cut, id), $"{id} is not marked invalid");
        }

        Assert.False(IsMarkedInvalid(cut, "rule-description"));
    }

    [Fact]
    public async Task Fixing_the_fields_and_saving_again_clears_the_messages_and_saves()
    {
        var cut = RenderForm();
        await cut.Find("form").SubmitAsync();
        Assert.True(IsMarkedInvalid(cut, "rule-name"));

        await FillValidRuleAsync(cut);
        await cut.Find("form").SubmitAsync();

        Assert.Single(_saved);
        Assert.False(IsMarkedInvalid(cut, "rule-name"));
        Assert.Equal("A name you recognise, like \"Minecraft server\".", TextUnder(cut, "rule-name"));
    }

    [Fact]
    public async Task Valid_input_calls_OnSave_with_the_rule_as_typed()
    {
        var cut = RenderForm();
        await FillValidRuleAsync(cut);
        await cut.Find("#rule-external-port-end").InputAsync("8085");
        await cut.Find("#rule-allowed-sources").InputAsync("203.0.113.0/24, 198.51.100.7");
        await cut.Find("#rule-description").InputAsync("Family photos");
        await cut.Find("#rule-open-on-router").ChangeAsync(true);
        await cut.Find("#rule-enabled").ChangeAsync(false);

        await cut.Find("form").SubmitAsync();

        var draft = Assert.Single(_saved);
        Assert.Equal("Web server", draft.Name);
        Assert.Equal("tcp", draft.Protocol);
        Assert.Equal(8080, draft.ExternalPort);
        Assert.Equal(8085, draft.ExternalPortEnd);
        Assert.Equal("192.168.1.20", draft.InternalHost);
        Assert.Equal(80, draft.InternalPort);
        Assert.False(draft.Enabled);
        Assert.True(draft.OpenOnRouter);
        Assert.Equal(["203.0.113.0/24", "198.51.100.7"], draft.AllowedSources!);
        Assert.Empty(draft.HostNames!);
        Assert.Null(draft.PathPrefix);
        Assert.Equal("Family photos", draft.Description);
        Assert.True(RuleValidator.Validate(draft).IsSuccess);
    }

    [Fact]
    public async Task Save_is_disabled_while_OnSave_runs()
    {
        var pending = new TaskCompletionSource<IReadOnlyDictionary<string, string[]>?>();
        var cut = Render<RuleForm>(p => p.Add(x => x.OnSave, (RuleDraft _) => pending.Task));
        await FillValidRuleAsync(cut);

        var submit = cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.True(cut.Find("#rule-save").HasAttribute("disabled")));

        pending.SetResult(null);
        await submit.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        cut.WaitForAssertion(() => Assert.False(cut.Find("#rule-save").HasAttribute("disabled")));
    }

    [Fact]
    public async Task Errors_returned_by_OnSave_show_under_their_fields()
    {
        const string conflict = "Port 8080/TCP is already forwarded by rule \"Game\"; choose another external port or disable that rule first.";
        _saveErrors = new Dictionary<string, string[]> { [RuleFields.ExternalPort] = [conflict] };
        var cut = RenderForm();
        await FillValidRuleAsync(cut);

        await cut.Find("form").SubmitAsync();

        Assert.Single(_saved);
        Assert.Equal(conflict, TextUnder(cut, "rule-external-port"));
        Assert.True(IsMarkedInvalid(cut, "rule-external-port"));
        Assert.False(IsMarkedInvalid(cut, "rule-name"));
    }

    [Fact]
    public async Task An_error_for_no_field_returned_by_OnSave_shows_as_an_alert()
    {
        _saveErrors = new Dictionary<string, string[]> { [""] = ["This rule was deleted meanwhile."] };
        var cut = RenderForm();
        await FillValidRuleAsync(cut);

        await cut.Find("form").SubmitAsync();

        Assert.Contains(cut.FindAll(".mud-alert"), a => a.TextContent.Contains("This rule was deleted meanwhile.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("preset-minecraft", "Minecraft", "tcp", 25565)]
    [InlineData("preset-wireguard", "WireGuard", "udp", 51820)]
    [InlineData("preset-ssh", "SSH", "tcp", 22)]
    [InlineData("preset-plex", "Plex", "tcp", 32400)]
    [InlineData("preset-https", "HTTPS", "tcp", 443)]
    public async Task A_preset_fills_name_protocol_and_ports_and_keeps_the_internal_host(string chip, string name, string protocol, int port)
    {
        var cut = RenderForm();
        await cut.Find("#rule-internal-host").InputAsync("10.0.0.5");

        await cut.Find($"#{chip}").ClickAsync();

        var text = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(name, cut.Find("#rule-name").GetAttribute("value"));
        Assert.Equal(protocol, cut.Find("#rule-protocol").GetAttribute("value"));
        Assert.Equal(text, cut.Find("#rule-external-port").GetAttribute("value"));
        Assert.Equal(text, cut.Find("#rule-internal-port").GetAttribute("value"));
        Assert.Equal("10.0.0.5", cut.Find("#rule-internal-host").GetAttribute("value"));
        Assert.Empty(cut.FindAll("#rule-warning"));

        await cut.Find("form").SubmitAsync();
        var draft = Assert.Single(_saved);
        Assert.Equal((name, protocol, port, (int?)null, "10.0.0.5", port), (draft.Name, draft.Protocol, draft.ExternalPort!.Value, draft.ExternalPortEnd, draft.InternalHost, draft.InternalPort!.Value));
    }

    [Fact]
    public async Task A_preset_keeps_a_name_the_user_typed()
    {
        var cut = RenderForm();
        await cut.Find("#rule-name").InputAsync("Kids' server");

        await cut.Find("#preset-minecraft").ClickAsync();

        Assert.Equal("Kids' server", cut.Find("#rule-name").GetAttribute("value"));
        Assert.Equal("25565", cut.Find("#rule-external-port").GetAttribute("value"));
    }

    [Fact]
    public async Task The_RDP_preset_fills_3389_and_warns()
    {
        var cut = RenderForm();
        Assert.Empty(cut.FindAll("#rule-warning"));

        await cut.Find("#preset-rdp").ClickAsync();

        Assert.Equal("3389", cut.Find("#rule-external-port").GetAttribute("value"));
        Assert.Equal("tcp", cut.Find("#rule-protocol").GetAttribute("value"));
        Assert.Equal(RulePresets.RdpWarning, cut.Find("#rule-warning").TextContent.Trim());
    }

    [Fact]
    public async Task Typing_a_range_that_covers_3389_warns_too_and_leaving_it_clears_the_warning()
    {
        var cut = RenderForm();

        await cut.Find("#rule-external-port").InputAsync("3380");
        Assert.Empty(cut.FindAll("#rule-warning"));
        await cut.Find("#rule-external-port-end").InputAsync("3390");
        Assert.Contains("Remote Desktop", cut.Find("#rule-warning").TextContent, StringComparison.Ordinal);
        await cut.Find("#rule-external-port").InputAsync("3390");
        Assert.Empty(cut.FindAll("#rule-warning"));
    }

    [Theory]
    [InlineData("tcp", true)]
    [InlineData("tcpudp", true)]
    [InlineData("http", true)]
    [InlineData("udp", false)]
    public void The_RDP_warning_shows_only_when_TCP_reaches_port_3389(string protocol, bool warned)
    {
        var cut = RenderForm(new RuleDraft { Name = "Desktop", Protocol = protocol, ExternalPort = 3389, InternalHost = "pc.lan", InternalPort = 3389 });

        Assert.Equal(warned, cut.FindAll("#rule-warning").Count == 1);
    }

    [Fact]
    public async Task Every_message_for_a_field_shows_under_it()
    {
        var cut = RenderForm();
        await FillValidRuleAsync(cut);
        await cut.Find("#rule-allowed-sources").InputAsync("nonsense, 10.0.0.1/24");

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        var under = TextUnder(cut, "rule-allowed-sources");
        Assert.Contains("\"nonsense\" is not an address or network", under, StringComparison.Ordinal);
        Assert.Contains("did you mean 10.0.0.0/24?", under, StringComparison.Ordinal);
        Assert.True(IsMarkedInvalid(cut, "rule-allowed-sources"));
    }

    [Fact]
    public async Task Editing_pre_fills_every_field_from_the_rule()
    {
        var initial = new RuleDraft
        {
            Name = "Game range",
            Protocol = "tcpudp",
            ExternalPort = 27015,
            ExternalPortEnd = 27030,
            InternalHost = "192.168.1.50",
            InternalPort = 27015,
            Enabled = false,
            OpenOnRouter = true,
            AllowedSources = ["203.0.113.0/24", "198.51.100.7/32"],
            HostNames = [],
            Description = "Counter-Strike",
        };

        var cut = RenderForm(initial);

        Assert.Equal("Game range", cut.Find("#rule-name").GetAttribute("value"));
        Assert.Equal("tcpudp", cut.Find("#rule-protocol").GetAttribute("value"));
        Assert.Equal("TCP/UDP", cut.Find("[role='combobox']").TextContent.Trim());
        Assert.Equal("27015", cut.Find("#rule-external-port").GetAttribute("value"));
        Assert.Equal("27030", cut.Find("#rule-external-port-end").GetAttribute("value"));
        Assert.Equal("192.168.1.50", cut.Find("#rule-internal-host").GetAttribute("value"));
        Assert.Equal("27015", cut.Find("#rule-internal-port").GetAttribute("value"));
        Assert.False(cut.Find("#rule-enabled").HasAttribute("checked"));
        Assert.True(cut.Find("#rule-open-on-router").HasAttribute("checked"));
        Assert.Equal("203.0.113.0/24, 198.51.100.7/32", cut.Find("#rule-allowed-sources").GetAttribute("value"));
        Assert.Equal("Counter-Strike", cut.Find("#rule-description").GetAttribute("value"));
        Assert.True(cut.Find("#rule-host-names").HasAttribute("disabled"));
        Assert.True(cut.Find("#rule-path-prefix").HasAttribute("disabled"));

        await cut.Find("form").SubmitAsync();
        var draft = Assert.Single(_saved);
        Assert.Equal(RuleValidator.Validate(initial).Value!.ToDraft().AllowedSources, draft.AllowedSources);
        Assert.Equal((initial.Name, initial.Protocol, initial.ExternalPort, initial.ExternalPortEnd, initial.Enabled, initial.OpenOnRouter),
            (draft.Name, draft.Protocol, draft.ExternalPort, draft.ExternalPortEnd, draft.Enabled, draft.OpenOnRouter));
    }

    [Fact]
    public async Task Editing_keeps_the_listen_address_the_form_does_not_show()
    {
        // A rule created through the API may listen on one address only; saving it from the form must not widen it to all addresses.
        var initial = new RuleDraft
        {
            Name = "LAN only",
            Protocol = "tcp",
            ExternalPort = 2222,
            InternalHost = "192.168.1.30",
            InternalPort = 22,
            ListenAddress = "192.168.1.10",
        };
        var cut = RenderForm(initial);

        await cut.Find("#rule-name").InputAsync("LAN only, renamed");
        await cut.Find("form").SubmitAsync();

        var draft = Assert.Single(_saved);
        Assert.Equal("LAN only, renamed", draft.Name);
        Assert.Equal("192.168.1.10", draft.ListenAddress);
    }

    [Fact]
    public async Task Editing_an_http_rule_enables_and_fills_host_names_and_path_prefix()
    {
        var initial = new RuleDraft
        {
            Name = "Blog",
            Protocol = "http",
            ExternalPort = 80,
            InternalHost = "blog.lan",
            InternalPort = 8080,
            HostNames = ["blog.example.com", "www.example.com"],
            PathPrefix = "/blog",
        };

        var cut = RenderForm(initial);

        Assert.False(cut.Find("#rule-host-names").HasAttribute("disabled"));
        Assert.False(cut.Find("#rule-path-prefix").HasAttribute("disabled"));
        Assert.True(cut.Find("#rule-external-port-end").HasAttribute("disabled"));
        Assert.Equal("blog.example.com, www.example.com", cut.Find("#rule-host-names").GetAttribute("value"));
        Assert.Equal("/blog", cut.Find("#rule-path-prefix").GetAttribute("value"));

        await cut.Find("form").SubmitAsync();
        var draft = Assert.Single(_saved);
        Assert.Equal(["blog.example.com", "www.example.com"], draft.HostNames!);
        Assert.Equal("/blog", draft.PathPrefix);
    }

    [Fact]
    public async Task An_https_rule_shows_its_redirect_port_and_hsts_and_keeps_them_on_save()
    {
        var initial = new RuleDraft
        {
            Name = "Cloud",
            Protocol = "http",
            ExternalPort = 443,
            InternalHost = "192.168.1.30",
            InternalPort = 8080,
            HostNames = ["cloud.example.com"],
            Tls = "acme",
            RedirectHttp = true,
            HttpPort = 8081,
            Hsts = true,
        };

        var cut = RenderForm(initial);

        Assert.Equal("8081", cut.Find("#rule-http-port").GetAttribute("value"));
        Assert.False(cut.Find("#rule-http-port").HasAttribute("disabled"));
        Assert.Contains("Let's Encrypt", cut.Markup, StringComparison.Ordinal);
        await cut.Find("form").SubmitAsync();
        var draft = Assert.Single(_saved);
        Assert.Equal(("acme", true, 8081, true), (draft.Tls, draft.RedirectHttp, draft.HttpPort, draft.Hsts));
    }

    [Fact]
    public async Task An_acme_rule_without_host_names_shows_the_validators_message_under_host_names_and_a_self_signed_one_warns()
    {
        var cut = RenderForm(new RuleDraft { Name = "Bare", Protocol = "http", ExternalPort = 443, InternalHost = "192.168.1.30", InternalPort = 80, Tls = "acme" });

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.True(IsMarkedInvalid(cut, "rule-host-names"));
        Assert.Empty(cut.FindAll("#rule-self-signed-warning"));
        var selfSigned = RenderForm(new RuleDraft { Name = "LAN", Protocol = "http", ExternalPort = 443, InternalHost = "192.168.1.30", InternalPort = 80, Tls = "selfSigned" });
        Assert.Contains("browsers warn", selfSigned.Find("#rule-self-signed-warning").TextContent, StringComparison.Ordinal);
        Assert.True(selfSigned.Find("#rule-http-port").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_uploaded_certificate_that_does_not_cover_the_host_names_is_refused_under_the_certificate_picker()
    {
        var now = DateTimeOffset.UtcNow;
        var context = new RuleValidationContext([])
        {
            Certificates = new Dictionary<int, PortFwd.Core.Certificates.CertificateFacts> { [7] = new(7, ["other.example.com"], now.AddDays(-1), now.AddDays(60)) },
            Now = now,
        };
        var cut = RenderForm(new RuleDraft
        {
            Name = "Shop", Protocol = "http", ExternalPort = 443, InternalHost = "192.168.1.30", InternalPort = 80,
            HostNames = ["shop.example.com"], Tls = "uploaded", CertificateId = 7,
        }, context);

        Assert.Contains("other.example.com (until", cut.Markup, StringComparison.Ordinal);
        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.Contains("not for shop.example.com", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_panels_own_port_from_the_validation_context_is_refused_under_External_port()
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "used by this panel")]);
        var cut = RenderForm(context: context);
        await FillValidRuleAsync(cut, externalPort: 8080);

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.Equal("Port 8080 is used by this panel; choose another external port.", TextUnder(cut, "rule-external-port"));
        Assert.True(IsMarkedInvalid(cut, "rule-external-port"));

        await cut.Find("#rule-external-port").InputAsync("8081");
        await cut.Find("form").SubmitAsync();
        Assert.Equal(8081, Assert.Single(_saved).ExternalPort);
    }

    [Fact]
    public async Task Forwarding_to_the_panels_own_port_on_this_machine_is_refused_under_Internal_port()
    {
        var context = new RuleValidationContext([new ReservedPort(8080, "used by this panel")]) { PanelPorts = [8080] };
        var cut = RenderForm(context: context);
        await FillValidRuleAsync(cut, externalPort: 9000);
        await cut.Find("#rule-internal-host").InputAsync("127.0.0.1");
        await cut.Find("#rule-internal-port").InputAsync("8080");

        await cut.Find("form").SubmitAsync();

        Assert.Empty(_saved);
        Assert.Equal(
            "This would expose this admin panel to the internet: port 8080 on this machine is the PortFwd panel itself. Choose the port of the service you want to publish.",
            TextUnder(cut, "rule-internal-port"));
        Assert.True(IsMarkedInvalid(cut, "rule-internal-port"));

        await cut.Find("#rule-internal-port").InputAsync("8081");
        await cut.Find("form").SubmitAsync();
        Assert.Equal(8081, Assert.Single(_saved).InternalPort);
    }

    [Fact]
    public async Task Choosing_HTTP_in_the_protocol_list_enables_host_names_and_path_prefix_and_saves_them()
    {
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<RuleForm>(1);
            builder.AddComponentParameter(2, nameof(RuleForm.OnSave), (Func<RuleDraft, Task<IReadOnlyDictionary<string, string[]>?>>)RecordSave);
            builder.CloseComponent();
        });
        Assert.True(cut.Find("#rule-host-names").HasAttribute("disabled"));

        await cut.Find(".mud-select .mud-input-control").MouseDownAsync();
        cut.WaitForElements(".mud-popover .mud-list-item");
        await cut.FindAll(".mud-popover .mud-list-item").Single(i => i.TextContent.Trim() == "HTTP").ClickAsync();

        cut.WaitForAssertion(() => Assert.False(cut.Find("#rule-host-names").HasAttribute("disabled")));
        Assert.Equal("http", cut.Find("#rule-protocol").GetAttribute("value"));
        Assert.False(cut.Find("#rule-path-prefix").HasAttribute("disabled"));
        Assert.True(cut.Find("#rule-external-port-end").HasAttribute("disabled"));
        await cut.Find("#rule-name").InputAsync("Site");
        await cut.Find("#rule-external-port").InputAsync("8088");
        await cut.Find("#rule-internal-host").InputAsync("web.lan");
        await cut.Find("#rule-internal-port").InputAsync("80");
        await cut.Find("#rule-host-names").InputAsync("example.com;www.example.com");
        await cut.Find("#rule-path-prefix").InputAsync("/site");
        await cut.Find("form").SubmitAsync();

        var draft = Assert.Single(_saved);
        Assert.Equal("http", draft.Protocol);
        Assert.Equal(["example.com", "www.example.com"], draft.HostNames!);
        Assert.Equal("/site", draft.PathPrefix);
    }
}
