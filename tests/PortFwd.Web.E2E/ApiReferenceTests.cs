using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E;

/// <summary>The interactive API page, reached from the System page: it renders from the panel alone, under its content policy.</summary>
public sealed class ApiReferenceTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    [Fact]
    public async Task The_api_reference_opens_from_the_system_page_and_asks_nothing_of_the_internet()
    {
        await Browser.SignInAsync("/system");
        var requests = new List<string>();
        Page.Request += (_, request) => requests.Add(request.Url);

        await Page.GetByRole(AriaRole.Link, new() { Name = "API reference" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(Server.BaseUrl + "/api-docs/");
        // The document loaded and rendered: each feature has its group, and the first call its section.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "PortFwd API", Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var sidebar = Page.GetByRole(AriaRole.Complementary);
        foreach (var feature in new[] { "Accounts", "Rules", "Traffic", "Router" })
        {
            await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = feature, Exact = true })).ToBeVisibleAsync();
        }

        // The reference opens its first group only; the sign-in call is in Accounts.
        var openAccounts = sidebar.GetByRole(AriaRole.Button, new() { Name = "Open Group - Accounts", Exact = true });
        if (await openAccounts.CountAsync() > 0)
        {
            await openAccounts.ClickAsync();
        }

        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Get a token HTTP Method: POST", Exact = true })).ToBeVisibleAsync();

        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Generate SDK" })).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync("api-reference");

        Assert.Contains(requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        Assert.All(requests, url => Assert.True(url.StartsWith(Server.BaseUrl + "/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"The page asked for {url}."));
        // A script or style the content policy refused would show here.
        Assert.Empty(Browser.ConsoleErrors);
    }
}
