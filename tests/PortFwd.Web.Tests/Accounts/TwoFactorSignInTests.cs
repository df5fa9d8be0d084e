using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using PortFwd.Data;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>Two-factor sign-in through the real app: the token API, the login form's second step, turning it off.</summary>
public sealed class TwoFactorSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_request_without_the_code_answers_401_code_required_and_with_a_wrong_code_401()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var client = panel.Factory.AnonymousClient();

        using var missing = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword }, Ct);
        using var wrong = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword, code = "000000" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("code required", (string?)(await missing.ReadObjectAsync(Ct))["detail"]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var body = await wrong.ReadObjectAsync(Ct);
        Assert.Equal("The code is wrong.", (string?)body["detail"]);
        Assert.False(body.ContainsKey("token"));
    }

    [Fact]
    public async Task A_token_request_with_the_current_code_gets_a_token_and_the_same_code_does_not_work_twice()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var client = panel.Factory.AnonymousClient();
        var code = panel.NextCode();

        using var first = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword, code }, Ct);
        using var again = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword, code }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var api = panel.Factory.BearerClient((string)(await first.ReadObjectAsync(Ct))["token"]!);
        using var rules = await api.GetAsync("/api/rules", Ct);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_works_instead_of_the_code_once()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var client = panel.Factory.AnonymousClient();
        var recovery = panel.RecoveryCodes[0];

        using var first = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword, code = recovery }, Ct);
        using var again = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword, code = recovery }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var status = await panel.Factory.Services.GetRequiredService<TwoFactorService>().StatusAsync(await TwoFactorPanel.AdminIdAsync(panel.Factory, Ct), Ct);
        Assert.Equal(9, status.RecoveryCodesLeft);
    }

    [Fact]
    public async Task The_secret_and_the_recovery_codes_are_not_stored_in_plain_text()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);

        await using var db = await panel.Factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        var account = await db.Accounts.SingleAsync(Ct);

        Assert.NotNull(account.TotpSecretProtected);
        var stored = account.TotpSecretProtected + " " + account.RecoveryCodeHashes;
        Assert.DoesNotContain(Base32Encoding.ToString(panel.Secret).TrimEnd('='), stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(panel.Secret), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(panel.Secret), stored, StringComparison.OrdinalIgnoreCase);
        Assert.All(panel.RecoveryCodes, code => Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_login_form_asks_for_the_code_after_the_password_without_signing_in_before_it()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var browser = panel.Factory.BrowserClient();

        using var password = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);

        Assert.Equal("/login/code", password.RedirectTarget());
        var cookies = password.Headers.GetValues("Set-Cookie").ToList();
        Assert.DoesNotContain(cookies, c => c.StartsWith("portfwd.auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("portfwd.signin=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        using (var home = await browser.GetAsync("/", Ct))
        {
            Assert.StartsWith("/login", home.RedirectTarget(), StringComparison.Ordinal);
        }

        using (var api = await browser.GetAsync("/api/rules", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using var wrong = await browser.PostFormAsync("/login/code", "/account/login/code", new Dictionary<string, string> { ["code"] = "000000" }, Ct);
        Assert.Equal("/login/code?error=1", wrong.RedirectTarget());
        using var wrongPage = await browser.GetAsync(wrong.RedirectTarget(), Ct);
        Assert.Contains("The code is wrong.", await wrongPage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var right = await browser.PostFormAsync("/login/code", "/account/login/code", new Dictionary<string, string> { ["code"] = panel.NextCode() }, Ct);

        Assert.Equal("/", right.RedirectTarget());
        using var signedIn = await browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task The_code_page_without_a_password_first_leads_back_to_sign_in()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var browser = panel.Factory.BrowserClient();

        using var page = await browser.GetAsync("/login/code", Ct);

        Assert.StartsWith("/login?expired=1", page.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_two_factor_sign_in_off_needs_the_password_and_a_code()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        var twoFactor = panel.Factory.Services.GetRequiredService<TwoFactorService>();
        var id = await TwoFactorPanel.AdminIdAsync(panel.Factory, Ct);

        var wrongPassword = await twoFactor.DisableAsync(id, "wrong-password", panel.NextCode(), Ct);
        var wrongCode = await twoFactor.DisableAsync(id, PanelFactory.AdminPassword, "000000", Ct);
        var noCode = await twoFactor.DisableAsync(id, PanelFactory.AdminPassword, null, Ct);
        Assert.Equal("The password is wrong.", wrongPassword.Error);
        Assert.Equal("The code is wrong.", wrongCode.Error);
        Assert.Equal("The code is wrong.", noCode.Error);
        Assert.True((await twoFactor.StatusAsync(id, Ct)).IsEnabled);

        var off = await twoFactor.DisableAsync(id, PanelFactory.AdminPassword, panel.NextCode(), Ct);

        Assert.True(off.IsSuccess, off.Error);
        Assert.False((await twoFactor.StatusAsync(id, Ct)).IsEnabled);
        using var client = panel.Factory.AnonymousClient();
        using var token = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
