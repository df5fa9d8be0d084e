using System.Net;
using System.Net.Http.Json;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Hosting;

namespace PortFwd.Web.Tests.Accounts;

/// <summary><c>dotnet PortFwd.Web.dll --reset-admin-password</c>, run as a process on a panel's data folder with the password piped in.</summary>
public sealed class AdminPasswordResetTests
{
    private const string NewPassword = "reset-Passw0rd!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reset_sets_the_password_read_from_stdin_says_so_and_exits_without_serving()
    {
        var dataDirectory = PanelFactory.NewDataDirectory();
        try
        {
            await using (var before = new PanelFactory(dataDirectory))
            {
                Assert.False(string.IsNullOrEmpty(await before.RequestTokenAsync(Ct)));
            }

            PanelFactory.ReleaseDatabase(dataDirectory);
            var (exitCode, output, error) = await PanelProcess.RunAsync(dataDirectory, ["--reset-admin-password"], NewPassword + "\n", Ct);

            Assert.True(exitCode == 0, error);
            Assert.Contains("The password of the account 'admin' is changed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
            Assert.DoesNotContain(NewPassword, output, StringComparison.Ordinal);
            await using var after = new PanelFactory(dataDirectory);
            using var client = after.AnonymousClient();
            using var oldPassword = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = PanelFactory.AdminPassword }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
            Assert.False(string.IsNullOrEmpty(await after.RequestTokenAsync(Ct, password: NewPassword)));
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Theory]
    [InlineData(true, "short\n", "The password must be at least 8 characters. Nothing was changed.")]
    [InlineData(false, NewPassword + "\n", "There is no account yet; open the panel to create one. Nothing was changed.")]
    public async Task A_refused_reset_exits_non_zero_saying_why(bool withAccount, string input, string expected)
    {
        var (exitCode, _, error) = await PanelProcess.RunOnNewPanelAsync(withAccount, ["--reset-admin-password"], input, Ct);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.Trim());
    }
}
