using System.Text;
using Microsoft.EntityFrameworkCore;
using PortFwd.Data;

namespace PortFwd.Web.Accounts;

/// <summary>
/// <c>dotnet PortFwd.Web.dll --reset-admin-password</c>: the locked-out owner's way back in. Reads the new password
/// from standard input (without echo, and twice, on a terminal; one line when piped), sets it on the first account,
/// changes its security stamp so every browser session ends, says what it did and exits; the web server never starts.
/// Whoever can run this already controls the machine and its data folder, so it asks for nothing else.
/// </summary>
internal static class AdminPasswordReset
{
    public const string Switch = "--reset-admin-password";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.Ordinal);

    /// <summary>The arguments for the host: the switch has no value, and the command-line configuration must not take the next argument as one.</summary>
    public static string[] HostArguments(string[] args) => args.Where(a => !string.Equals(a, Switch, StringComparison.Ordinal)).ToArray();

    public static async Task<int> RunAsync(IServiceProvider services, TextReader input, TextWriter output, TextWriter error, bool fromTerminal,
        CancellationToken cancellationToken)
    {
        string? password;
        if (fromTerminal)
        {
            output.Write("New password for the panel: ");
            password = ReadHidden(output);
            output.Write("Once more: ");
            if (!string.Equals(password, ReadHidden(output), StringComparison.Ordinal))
            {
                error.WriteLine("The two passwords do not match; nothing was changed.");
                return 1;
            }
        }
        else
        {
            password = (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
        }

        await PortFwdDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), cancellationToken);
        var reset = await services.GetRequiredService<AccountService>().ResetPasswordAsync(password, cancellationToken);
        if (!reset.IsSuccess)
        {
            error.WriteLine($"{reset.Error.Message} Nothing was changed.");
            return 1;
        }

        await services.GetRequiredService<Sessions.PanelSessions>().EndAllAsync(reset.Value.Id, cancellationToken);
        output.WriteLine($"The password of the account '{reset.Value.UserName}' is changed, and every browser signed in to the panel is signed out "
            + "(a running panel notices within a minute). API tokens keep working.");
        return 0;
    }

    private static string ReadHidden(TextWriter output)
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
