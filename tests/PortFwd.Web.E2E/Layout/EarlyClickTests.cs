using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Layout;

/// <summary>
/// A click in the first moments after a page shows (prerendered, its circuit not connected yet; seconds on a
/// Raspberry Pi) is never lost: the controls are disabled until the page is live, and a click waits for them.
/// </summary>
public sealed class EarlyClickTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private ILocator AddRule => Page.GetByRole(AriaRole.Button, new() { Name = "Add rule" });

    [Fact]
    public async Task Signing_in_then_at_once_Port_Forwarding_and_Add_rule_opens_the_dialog()
    {
        // As a person does it: no pause anywhere for the page to become live. The link is followed before the
        // circuit is up, so it must lead to the page it names (not the page the circuit started on).
        await Page.GotoAsync(Server.BaseUrl + "/login");
        await Page.GetByLabel("Username").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(PanelServer.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Port Forwarding" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/port-forwarding$"));
        await AddRule.ClickAsync();

        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await Expect(Page.Locator(".mud-dialog")).ToContainTextAsync("Add rule");
        await Expect(Page.GetByLabel("Name", new() { Exact = true })).ToBeEditableAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Port Forwarding");
        Assert.Empty(Browser.ConsoleErrors);
    }

    [Fact]
    public async Task Add_rule_clicked_while_the_circuit_is_still_connecting_waits_disabled_and_then_opens_the_dialog()
    {
        await Browser.SignInAsync("/");

        // Hold the circuit back, as a slow machine does, so the click surely lands on the prerendered page.
        var connect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync(new Regex("/_blazor/negotiate"), async route =>
        {
            await connect.Task;
            await route.ContinueAsync();
        });
        await Page.GotoAsync(Server.BaseUrl + "/port-forwarding");
        // Not the shared circuit wait: this asserts the page is still prerendered, before the circuit, so the click lands early.
        await Expect(Page.Locator("#app-state")).ToHaveAttributeAsync("data-interactive", "false");

        var click = AddRule.ClickAsync();
        await Expect(AddRule).ToBeDisabledAsync();
        await Expect(Page.Locator("button[aria-label='Toggle navigation']")).ToBeDisabledAsync();
        Assert.False(click.IsCompleted, "the click went through before the page could act on it");
        await Expect(Page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        connect.SetResult();
        await click;

        await Browser.WaitForCircuitAsync();
        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Name", new() { Exact = true })).ToBeEditableAsync();
        Assert.Empty(Browser.ConsoleErrors);
    }
}
