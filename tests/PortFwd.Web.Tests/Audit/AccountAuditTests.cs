using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Tests.Accounts;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Audit;

/// <summary>What the account's owner does to the account, and each sign-in step, lands in the audit log without secrets.</summary>
public sealed class AccountAuditTests
{
    private const string NewPassword = "new-Passw0rd!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_password_change_is_recorded_with_the_password_masked()
    {
        await using var factory = new PanelFactory();
        using var browser = factory.BrowserClient();
        (await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct)).Dispose();

        using var change = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["currentPassword"] = PanelFactory.AdminPassword,
            ["newPassword"] = NewPassword,
            ["confirmPassword"] = NewPassword,
        }, Ct);

        Assert.Equal("/account?password=changed", change.RedirectTarget());
        var entry = Assert.Single(await EntriesAsync(factory, AuditActions.AccountPassword));
        Assert.Equal((PanelFactory.AdminUser, AuditVia.Panel, $"account \"{PanelFactory.AdminUser}\""), (entry.Actor, entry.Via, entry.Target));
        Assert.Contains(AuditJson.Masked, entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_step_records_a_wrong_code_and_the_success_but_not_the_password_that_asked_for_it()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        using var client = panel.Factory.AnonymousClient();

        using var missing = await client.PostAsJsonAsync("/api/tokens", new { username = "admin", password = PanelFactory.AdminPassword }, Ct);
        using var wrong = await client.PostAsJsonAsync("/api/tokens", new { username = "admin", password = PanelFactory.AdminPassword, code = "000000" }, Ct);
        using var right = await client.PostAsJsonAsync("/api/tokens", new { username = "admin", password = PanelFactory.AdminPassword, code = panel.NextCode() }, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (missing.StatusCode, wrong.StatusCode, right.StatusCode));
        var failure = Assert.Single(await EntriesAsync(panel.Factory, AuditActions.SignInFailure));
        Assert.Equal(("admin", AuditVia.Token), (failure.Actor, failure.Via));
        Assert.Contains("wrong code", failure.After, StringComparison.Ordinal);
        Assert.DoesNotContain("000000", failure.After, StringComparison.Ordinal);
        Assert.Single(await EntriesAsync(panel.Factory, AuditActions.SignInSuccess));
        Assert.Single(await EntriesAsync(panel.Factory, AuditActions.AccountTwoFactorOn));
    }

    [Fact]
    public async Task Turning_two_factor_sign_in_off_is_recorded_and_a_refused_attempt_is_not()
    {
        await using var panel = await TwoFactorPanel.StartAsync(Ct);
        var twoFactor = panel.Factory.Services.GetRequiredService<TwoFactorService>();
        var id = await TwoFactorPanel.AdminIdAsync(panel.Factory, Ct);

        var refused = await twoFactor.DisableAsync(id, "wrong-password", panel.NextCode(), Ct);
        Assert.Empty(await EntriesAsync(panel.Factory, AuditActions.AccountTwoFactorOff));
        var done = await twoFactor.DisableAsync(id, PanelFactory.AdminPassword, panel.NextCode(), Ct);

        Assert.False(refused.IsSuccess);
        Assert.True(done.IsSuccess, done.Error);
        var entry = Assert.Single(await EntriesAsync(panel.Factory, AuditActions.AccountTwoFactorOff));
        Assert.Equal($"account \"{PanelFactory.AdminUser}\"", entry.Target);
        Assert.False((await twoFactor.StatusAsync(id, Ct)).IsEnabled);
    }

    [Fact]
    public async Task A_locked_out_attempt_is_recorded_as_a_failure_saying_so()
    {
        await using var factory = new PanelFactory();
        using var client = factory.AnonymousClient();
        HttpStatusCode last = default;
        for (var i = 0; i < 20 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/tokens", new { username = "admin", password = $"wrong-{i}" }, Ct);
            last = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        var failures = await EntriesAsync(factory, AuditActions.SignInFailure);
        Assert.Contains(failures, e => e.After?.Contains("locked out", StringComparison.Ordinal) == true);
        Assert.Contains(failures, e => e.After?.Contains("wrong user name or password", StringComparison.Ordinal) == true);
        Assert.All(failures, e => Assert.DoesNotContain("wrong-", e.After ?? "", StringComparison.Ordinal));
    }

    private static async Task<List<AuditEntry>> EntriesAsync(PanelFactory factory, string action)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync(Ct);
    }
}
