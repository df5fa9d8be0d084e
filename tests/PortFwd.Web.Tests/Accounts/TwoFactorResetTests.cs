using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Hosting;

namespace PortFwd.Web.Tests.Accounts;

/// <summary><c>dotnet PortFwd.Web.dll --disable-two-factor</c>, run as a process on a panel's data folder.</summary>
public sealed class TwoFactorResetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_switch_turns_two_factor_off_even_without_the_keys_records_it_and_exits_without_serving()
    {
        var dataDirectory = PanelFactory.NewDataDirectory();
        try
        {
            await using (var before = new PanelFactory(dataDirectory))
            {
                var enrolment = TwoFactorService.Begin(PanelFactory.AdminUser);
                var enabled = await before.Services.GetRequiredService<TwoFactorService>().EnableAsync(await TwoFactorPanel.AdminIdAsync(before, Ct), enrolment,
                    TotpCodes.Compute(enrolment.Secret, DateTimeOffset.UtcNow), Ct);
                Assert.True(enabled.IsSuccess, enabled.Error);
                using var client = before.AnonymousClient();
                using var codeRequired = await client.PostAsJsonAsync("/api/tokens", new { username = "admin", password = PanelFactory.AdminPassword }, Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, codeRequired.StatusCode);
            }

            // A database restored without keys/: the secret can no longer be read, so no code would ever match.
            PanelFactory.ReleaseDatabase(dataDirectory);
            Directory.Delete(Path.Combine(dataDirectory, "keys"), recursive: true);
            var (exitCode, output, error) = await PanelProcess.RunAsync(dataDirectory, ["--disable-two-factor"], input: null, Ct);

            Assert.True(exitCode == 0, error);
            Assert.Contains("Two-factor sign-in is off for the account 'admin'", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
            await using var after = new PanelFactory(dataDirectory);
            Assert.False(string.IsNullOrEmpty(await after.RequestTokenAsync(Ct)));
            await using var db = await after.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
            var account = await db.Accounts.SingleAsync(Ct);
            Assert.Null(account.TotpSecretProtected);
            Assert.Null(account.RecoveryCodeHashes);
            var entry = await db.AuditEntries.Where(e => e.Action == AuditActions.AccountTwoFactorOff).SingleAsync(Ct);
            Assert.Equal("command line", entry.Actor);
            Assert.Equal("account \"admin\"", entry.Target);
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Theory]
    [InlineData(true, "Two-factor sign-in is not on for the account 'admin'. Nothing was changed.")]
    [InlineData(false, "There is no account yet; open the panel to create one. Nothing was changed.")]
    public async Task A_refused_switch_exits_non_zero_saying_why(bool withAccount, string expected)
    {
        var (exitCode, _, error) = await PanelProcess.RunOnNewPanelAsync(withAccount, ["--disable-two-factor"], input: null, Ct);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.Trim());
    }
}
