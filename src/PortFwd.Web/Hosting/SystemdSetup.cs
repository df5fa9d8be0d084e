using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Running as a systemd service (<c>Type=notify</c>): ready is reported once the host has started (after the database
/// migrations), stopping follows systemd's signals, logs carry journal priorities, and the watchdog is fed.
/// Outside systemd all of it stays idle.
/// </summary>
internal static class SystemdSetup
{
    public static IServiceCollection AddPortFwdSystemd(this IServiceCollection services)
    {
        // The lifetime and log format only under systemd; the notifier always, so the watchdog resolves (it is idle without NOTIFY_SOCKET).
        services.AddSystemd();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddHostedService(sp => new SystemdWatchdog(
            sp.GetRequiredService<ISystemdNotifier>(),
            SystemdWatchdog.PingIntervalFromEnvironment(),
            () => SystemdWatchdog.ReconcilerRuns(sp.GetRequiredService<Forwarding.RuleReconciler>()),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SystemdWatchdog>>()));
        return services;
    }
}
