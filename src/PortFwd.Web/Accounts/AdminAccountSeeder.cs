using Microsoft.Extensions.Options;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Accounts;

/// <summary>Creates the "admin" account from <c>PortFwd:AdminPassword</c> on first start, if set.</summary>
internal sealed partial class AdminAccountSeeder(AccountService accounts, IOptions<PortFwdOptions> options, ILogger<AdminAccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var password = options.Value.AdminPassword;
        if (string.IsNullOrEmpty(password) || await accounts.AnyAccountAsync(cancellationToken))
        {
            return;
        }

        var created = await accounts.CreateFirstAccountAsync(AccountService.DefaultUserName, password, cancellationToken);
        if (created.IsSuccess)
        {
            LogSeeded(logger, AccountService.DefaultUserName);
        }
        else
        {
            LogSeedRefused(logger, created.Error.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.AdminAccountSeeded, Level = LogLevel.Information, Message = "Created the account '{UserName}' from PortFwd:AdminPassword.")]
    private static partial void LogSeeded(ILogger logger, string userName);

    [LoggerMessage(EventId = EventIds.AdminPasswordNotUsed, Level = LogLevel.Warning, Message = "PortFwd:AdminPassword was not used: {Problem} The set-up page will ask for a password instead.")]
    private static partial void LogSeedRefused(ILogger logger, string problem);
}
