using Microsoft.EntityFrameworkCore;
using PortFwd.Data;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Accounts;

/// <summary>
/// <c>dotnet PortFwd.Web.dll --disable-two-factor</c>: the owner's way back in when the authenticator is lost, or when the
/// database was restored without its <c>keys/</c> folder (the secret can then no longer be read, so no code works).
/// Turns two-factor sign-in off on the first account, records it in the audit log, says what it did and exits; the web
/// server never starts. As with <see cref="AdminPasswordReset"/>, whoever can run it already controls the machine.
/// </summary>
internal static class TwoFactorReset
{
    public const string Switch = "--disable-two-factor";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.Ordinal);

    /// <summary>The arguments for the host: the switch has no value, and the command-line configuration must not take the next argument as one.</summary>
    public static string[] HostArguments(string[] args) => args.Where(a => !string.Equals(a, Switch, StringComparison.Ordinal)).ToArray();

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await PortFwdDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), cancellationToken);
        var disabled = await services.GetRequiredService<TwoFactorService>().DisableFromCommandLineAsync(cancellationToken);
        if (!disabled.IsSuccess)
        {
            error.WriteLine($"{disabled.Error.Message} Nothing was changed.");
            return 1;
        }

        output.WriteLine($"Two-factor sign-in is off for the account '{disabled.Value.UserName}': it signs in with its password alone. "
            + "Its recovery codes no longer work. Turn it on again on the Account page.");
        return 0;
    }
}
