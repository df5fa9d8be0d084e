namespace PortFwd.Web.Accounts.Sessions;

/// <summary>
/// Deletes sessions past their lifetime or idle limit, at start and then every <see cref="PruneEvery"/>. Such a session
/// already signs nobody in (each request checks it); this only keeps the table and the Account page's list short.
/// </summary>
public sealed partial class SessionPruning(PanelSessions sessions, TimeProvider time, ILogger<SessionPruning> logger) : BackgroundService
{
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PruneEvery, time);
        try
        {
            do
            {
                try
                {
                    await sessions.PruneAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A locked or full disk: the next hour tries again; an ended session's row signs nobody in meanwhile.
                    LogPruneFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.SessionPruneFailed, Level = LogLevel.Error, Message = "Ended sign-in sessions could not be pruned; trying again in an hour.")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
