using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Security;

/// <summary>
/// The panel in Chromium under its Content-Security-Policy: the main pages work with no violation, and markup typed into
/// a rule's name or a Dynamic DNS host name is shown as text, never run.
/// </summary>
public sealed class HostilePageTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private const string Markup = "<img src=x onerror=alert(1)>";

    /// <summary>Every violation the page reports, kept in the page itself (the console line is also collected by <see cref="PanelBrowser"/>).</summary>
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private readonly List<string> _dialogs = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task WatchAsync()
    {
        await Page.AddInitScriptAsync(ViolationRecorder);
        Page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
    }

    private async Task OpenAsync(string path)
    {
        await Browser.GoToAsync(path);
        await Expect(Page.Locator("h1").First).ToBeVisibleAsync();
    }

    private async Task AssertNoViolationAsync(string where)
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.True(violations.Length == 0, $"{where}: {string.Join("; ", violations)}");
        Assert.DoesNotContain(Browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_main_pages_and_the_rule_dialog_work_with_no_policy_violation()
    {
        await WatchAsync();
        await Browser.SignInAsync("/");
        await AssertNoViolationAsync("sign-in and Status");

        await OpenAsync("/port-forwarding");
        await Page.Locator("#add-rule").ClickAsync();
        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        // A MudBlazor popover: placed by the library's script, sized with inline styles.
        await Page.Locator(".mud-dialog [role='combobox']").First.ClickAsync();
        await Expect(Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UDP" }).First).ToBeVisibleAsync();
        await AssertNoViolationAsync("/port-forwarding with the add-rule dialog");

        foreach (var path in new[] { "/traffic", "/settings", "/system" })
        {
            await OpenAsync(path);
            await AssertNoViolationAsync(path);
        }

        Assert.Empty(_dialogs);
    }

    [Fact]
    public async Task A_rule_named_with_markup_is_shown_as_text_on_every_page_that_names_it()
    {
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, Ct);
        var id = await api.CreateAsync(new
        {
            name = Markup,
            protocol = "tcp",
            externalPort = LoopbackPorts.Free(),
            internalHost = "192.168.1.20",
            internalPort = 80,
            enabled = false,
            description = "<script>alert(2)</script>",
        }, Ct);
        await WatchAsync();
        await Browser.SignInAsync("/");

        foreach (var path in new[] { "/", "/port-forwarding", "/traffic", $"/traffic/{id}" })
        {
            await OpenAsync(path);
            await Expect(Page.GetByText(Markup).First).ToBeVisibleAsync();
            Assert.Equal(0, await Page.Locator("img[src='x']").CountAsync());
            Assert.Equal(0, await Page.Locator("[onerror]").CountAsync());
        }

        Assert.Empty(_dialogs);
    }

    [Fact]
    public async Task A_dynamic_dns_host_name_with_markup_is_refused_and_shown_as_text()
    {
        await WatchAsync();
        await Browser.SignInAsync("/ddns");
        await Page.Locator("#add-ddns").ClickAsync();
        var form = Page.Locator("#ddns-form");
        await form.GetByLabel("Host name").FillAsync(Markup + ".example.net");
        await form.GetByLabel("User name").FillAsync("<b>me</b>");
        await form.GetByLabel("Password").FillAsync("pw-e2e");

        await Page.Locator("#ddns-save").ClickAsync();

        await Expect(form.GetByText("A host name is made of letters", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Host name")).ToHaveValueAsync(Markup + ".example.net");
        Assert.Equal(0, await Page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, await Page.Locator("#ddns-form b").CountAsync());
        Assert.Empty(_dialogs);
    }
}
