using System.Net;
using System.Net.Http.Json;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>Changing the password on the Account page: needs the current one, signs out every other browser at once.</summary>
public sealed class PasswordChangeTests
{
    private const string NewPassword = "new-Passw0rd!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changing_the_password_signs_out_the_other_browser_and_keeps_this_one_and_api_tokens()
    {
        await using var factory = new PanelFactory();
        var token = await factory.RequestTokenAsync(Ct);
        using var here = factory.BrowserClient();
        using var there = factory.BrowserClient();
        (await here.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();
        (await there.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();
        using (var before = await there.GetAsync("/account", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var change = await ChangeAsync(here, PanelFactory.AdminPassword, NewPassword, NewPassword);

        Assert.Equal("/account?password=changed", change.RedirectTarget());
        using (var page = await here.GetAsync("/account?password=changed", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("The password is changed.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var signedOut = await there.GetAsync("/", Ct))
        {
            Assert.StartsWith("/login", signedOut.RedirectTarget(), StringComparison.Ordinal);
        }

        using (var apiByOldCookie = await there.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, apiByOldCookie.StatusCode);
        }

        // Automation keeps working (README, "Change password"): tokens are listed and revoked on their own.
        using var bearer = factory.BearerClient(token);
        using var rules = await bearer.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        using var client = factory.AnonymousClient();
        using var oldPassword = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.False(string.IsNullOrEmpty(await factory.RequestTokenAsync(Ct, password: NewPassword)));
    }

    [Theory]
    [InlineData("wrong-password", NewPassword, NewPassword, "Account.CurrentPasswordWrong", "The current password is wrong.")]
    [InlineData(PanelFactory.AdminPassword, "short", "short", "Account.PasswordTooShort", "The password must be at least 8 characters.")]
    [InlineData(PanelFactory.AdminPassword, NewPassword, "new-Passw0rd?", "Account.PasswordsDiffer", "The two passwords do not match.")]
    public async Task A_refused_change_says_why_and_changes_nothing(string current, string next, string confirmation, string code, string message)
    {
        await using var factory = new PanelFactory();
        using var here = factory.BrowserClient();
        using var there = factory.BrowserClient();
        (await here.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();
        (await there.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();

        using var change = await ChangeAsync(here, current, next, confirmation);

        // The page is sent the answer's code, not its words, and says the words itself.
        Assert.Equal($"/account?passwordError={code}", change.RedirectTarget());
        using var page = await here.GetAsync(change.RedirectTarget(), Ct);
        Assert.Contains(message, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        using var stillIn = await there.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.False(string.IsNullOrEmpty(await factory.RequestTokenAsync(Ct)));
    }

    [Fact]
    public async Task A_link_with_words_of_its_own_shows_no_password_error()
    {
        await using var factory = new PanelFactory();
        using var browser = factory.BrowserClient();
        (await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();

        using var page = await browser.GetAsync("/account?passwordError=Call+this+number", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        Assert.Contains("change-password-section", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Call this number", html, StringComparison.Ordinal);
        Assert.DoesNotContain("password-error", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_password_post_from_another_site_changes_nothing()
    {
        await using var factory = new PanelFactory();
        using var here = factory.BrowserClient();
        (await here.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["currentPassword"] = PanelFactory.AdminPassword,
            ["newPassword"] = NewPassword,
            ["confirmPassword"] = NewPassword,
        });

        using var response = await here.PostAsync("/account/password", content, Ct);

        Assert.Equal("/account?passwordError=Account.PasswordPageExpired", response.RedirectTarget());
        Assert.False(string.IsNullOrEmpty(await factory.RequestTokenAsync(Ct)));
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string current, string next, string confirmation) =>
        browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["currentPassword"] = current,
            ["newPassword"] = next,
            ["confirmPassword"] = confirmation,
        }, Ct);
}
