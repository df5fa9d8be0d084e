using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Accounts;

/// <summary>Two browsers signed in; one signs the other out from the Account page's list of signed-in browsers.</summary>
public sealed class SessionsTests : PanelPageTest
{
    private readonly ChromiumFixture _chromium;

    public SessionsTests(ChromiumFixture chromium)
        : base(chromium) => _chromium = chromium;

    [Fact]
    public async Task Signing_out_the_other_browser_on_the_Account_page_takes_its_open_page_to_the_sign_in_page()
    {
        await Browser.SignInAsync("/account");
        await using var other = await PanelBrowser.OpenAsync(_chromium, Server.BaseUrl);
        await other.SignInAsync("/port-forwarding");

        // The list follows the other browser's sign-in without a reload.
        var rows = Page.Locator("#sessions-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.Locator("#sessions-table tbody tr[data-current='true'] .session-current")).ToHaveTextAsync("This browser");
        var otherRow = Page.Locator("#sessions-table tbody tr[data-current='false']");
        await Expect(otherRow).ToContainTextAsync("127.0.0.1");
        await Expect(otherRow).ToContainTextAsync("Chrome on Linux");
        await Browser.ScreenshotAsync("account-sessions");

        await otherRow.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // The other browser's open page goes to the sign-in page by itself, and its cookie no longer opens a page.
        await Expect(other.Page).ToHaveURLAsync(new Regex("/login"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Page.Locator("#sessions-message")).ToHaveTextAsync("That browser is signed out.");
        await other.Page.GotoAsync(Server.BaseUrl + "/port-forwarding");
        await Expect(other.Page).ToHaveURLAsync(new Regex("/login"));
        await Page.ReloadAsync();
        await Expect(Page.Locator("#account-name")).ToHaveTextAsync("admin");
        Assert.Empty(Browser.ConsoleErrors);
    }
}
