using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Accounts;

/// <summary>API tokens as a person makes and revokes them on the Account page, checked against the API itself.</summary>
public sealed class ApiTokenPageTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_token_made_on_the_Account_page_reads_but_may_not_write_and_stops_when_revoked()
    {
        await Browser.SignInAsync("/account");
        await Expect(Page.Locator("#no-tokens")).ToBeVisibleAsync();

        // The form's scope is "read" unless changed; the name is what this test adds.
        await Page.FillAsync("#token-name", "e2e reader");
        await Page.ClickAsync("#create-token");
        await Expect(Page.Locator("#new-token-secret")).ToBeVisibleAsync();
        var secret = (await Page.Locator("#new-token-secret").TextContentAsync())!.Trim();
        await Page.ClickAsync("#copy-token");
        await Expect(Page.Locator("#copy-note")).ToBeVisibleAsync();
        var row = Page.Locator("#token-list tr.token-row", new() { HasText = "e2e reader" });
        await Expect(row.Locator(".token-scope")).ToHaveTextAsync("read");
        await Browser.ScreenshotAsync("account-api-token-created");

        using var api = new HttpClient { BaseAddress = new Uri(Server.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var read = await api.GetAsync("/api/rules", Ct))
        using (var write = await api.PostAsJsonAsync("/api/rules", new { name = "Not allowed", protocol = "tcp", externalPort = 18601, internalHost = "127.0.0.1", internalPort = 80 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke e2e reader" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        using var afterRevoke = await api.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Empty(Browser.ConsoleErrors);
    }
}
