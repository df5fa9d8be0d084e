using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The systemd watchdog is fed at half its interval, only after start and only while the reconciler runs.</summary>
public sealed class SystemdWatchdogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("30000000", null, 15.0)]
    [InlineData("30000000", "4242", 15.0)]
    [InlineData("1000000", "", 0.5)]
    public void The_ping_interval_is_half_of_what_systemd_asks_for(string usec, string? pid, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SystemdWatchdog.PingInterval(usec, pid, processId: 4242));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("30000000", "1")]
    [InlineData("30000000", "x")]
    public void No_watchdog_is_fed_when_systemd_asks_for_none_or_asks_another_process(string? usec, string? pid)
    {
        Assert.Null(SystemdWatchdog.PingInterval(usec, pid, processId: 4242));
    }

    [Fact]
    public void A_pass_running_longer_than_the_limit_is_stuck_and_an_idle_loop_never_is()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var heartbeat = new LoopHeartbeat(clock);

        clock.Advance(TimeSpan.FromHours(2));
        var idle = heartbeat.IsStuck(TimeSpan.FromMinutes(5));
        heartbeat.PassStarted();
        clock.Advance(TimeSpan.FromMinutes(4));
        var slow = heartbeat.IsStuck(TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(2));
        var stuck = heartbeat.IsStuck(TimeSpan.FromMinutes(5));
        heartbeat.PassEnded();

        Assert.False(idle);
        Assert.False(slow);
        Assert.True(stuck);
        Assert.False(heartbeat.IsStuck(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Pings_start_once_the_host_has_started_and_pause_while_the_panel_is_unhealthy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var healthy = true;
        var checks = Channel.CreateUnbounded<bool>();
        bool IsHealthy()
        {
            checks.Writer.TryWrite(healthy);
            return healthy;
        }

        using var watchdog = new SystemdWatchdog(notifier, TimeSpan.FromSeconds(10), IsHealthy, lifetime, clock, NullLogger<SystemdWatchdog>.Instance);
        await watchdog.StartAsync(Ct);
        var beforeStart = notifier.States.Count;

        lifetime.NotifyStarted();
        await checks.Reader.ReadAsync(Ct);
        healthy = false;
        // Each check is made at the start of a tick: the next tick's check means the one before has fully run.
        await TickAsync(clock, checks);
        var afterStart = notifier.States.ToArray();
        await TickAsync(clock, checks);
        var whileUnhealthy = notifier.States.Count;
        healthy = true;
        await TickAsync(clock, checks);
        await watchdog.StopAsync(Ct);

        Assert.Equal(0, beforeStart);
        Assert.Equal(["WATCHDOG=1"], afterStart);
        Assert.Equal(1, whileUnhealthy);
        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1"], notifier.States);
    }

    [Fact]
    public async Task Without_a_watchdog_interval_nothing_is_sent()
    {
        var notifier = new RecordingNotifier();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var watchdog = new SystemdWatchdog(notifier, null, () => true, lifetime, TimeProvider.System, NullLogger<SystemdWatchdog>.Instance);

        await watchdog.StartAsync(Ct);
        lifetime.NotifyStarted();
        await watchdog.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Empty(notifier.States);
    }

    [Fact]
    public async Task The_running_panel_counts_as_healthy_for_the_watchdog()
    {
        await using var panel = new PanelFactory();
        using var client = panel.AnonymousClient();
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        var reconciler = panel.Services.GetRequiredService<RuleReconciler>();

        Assert.True(SystemdWatchdog.ReconcilerRuns(reconciler));
        // Outside systemd the watchdog is registered but idle: it ended at once.
        var watchdog = panel.Services.GetServices<IHostedService>().OfType<SystemdWatchdog>().Single();
        Assert.True(watchdog.ExecuteTask?.IsCompletedSuccessfully);
    }

    private static async Task TickAsync(FakeTimeProvider clock, Channel<bool> checks)
    {
        clock.Advance(TimeSpan.FromSeconds(10));
        await checks.Reader.ReadAsync(Ct);
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        private readonly List<string> _states = [];

        public bool IsEnabled => true;

        public IReadOnlyList<string> States
        {
            get
            {
                lock (_states)
                {
                    return [.. _states];
                }
            }
        }

        public void Notify(ServiceState state)
        {
            lock (_states)
            {
                _states.Add(state.ToString());
            }
        }
    }
}
