using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Testing.HomeRouter;
using PortFwd.Testing.Logging;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Fakes;
using static PortFwd.Web.Tests.HomeRouter.RouterMappingPlanTests;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>The router client's pieces together, on a router in memory: the connection, the mapping reconciler
/// following stored rule changes by itself, the board, and the router table's delete policy.</summary>
public sealed class RouterMappingReconcilerTests : IAsyncDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly InMemoryRouter _router = new(TimeProvider.System);
    private readonly LoggerFactory _logs = new([new TestOutputLoggerProvider()]);
    private readonly SavedRules _rules = new();
    private readonly RuleChangeSignal _signal = new();
    private readonly RouterStatusBoard _board = new(TimeProvider.System);
    private readonly PublicAddress _publicAddress = new(TimeProvider.System);
    private readonly RouterConnection _connection;
    private readonly RouterMappingReconciler _reconciler;
    private readonly RouterTable _table;
    private readonly SettableOptions<PortFwdOptions> _options;

    public RouterMappingReconcilerTests()
    {
        // A resync far longer than the test: whatever happens within it was woken by a change.
        _options = new SettableOptions<PortFwdOptions>(Settings(enabled: true));
        _connection = new RouterConnection(new InMemoryRouterFinder(_router), _board, _publicAddress, TimeProvider.System,
            _logs, TestOutputLogger.For<RouterConnection>());
        _reconciler = new RouterMappingReconciler(_rules, _signal, _connection, _board, _options, TimeProvider.System, TestOutputLogger.For<RouterMappingReconciler>());
        _table = new RouterTable(_connection, _board, _reconciler);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_opened_on_the_router_is_mapped_and_turning_it_off_removes_the_mapping_without_waiting_for_a_resync()
    {
        _rules.Set(Rule(1, Protocol.Tcp, 8000));
        await _reconciler.StartAsync(Ct);

        await UntilAsync(() => _board.StatusFor(1)?.State == RouterRuleState.Mapped);
        Assert.Equal("Open on the router at 198.51.100.1:8000", _board.StatusFor(1)!.Message);
        Assert.Equal(RouterState.Found, _board.Snapshot.State);
        Assert.Equal(NatKind.None, _publicAddress.Current.Nat);
        var mapping = Assert.Single(_router.Table);
        Assert.Equal(("PortFwd: Rule 1", IPAddress.Parse("192.168.1.10")), (mapping.Description, mapping.InternalClient));

        _rules.Set(Rule(1, Protocol.Tcp, 8000, enabled: false));
        _signal.Notify(new RuleChange(RuleChangeKind.Updated, 1));

        await UntilAsync(() => _router.Table.Count == 0 && _board.StatusFor(1) is null);
    }

    [Fact]
    public async Task The_router_table_marks_our_mappings_with_their_rule_and_deletes_only_ours()
    {
        _router.AddOthers(new PortMapping(PortProtocol.Udp, 3074, IPAddress.Parse("192.168.1.20"), 3074) { Description = "Console" });
        _rules.Set(Rule(7, Protocol.Tcp, 8000));
        await _reconciler.StartAsync(Ct);
        await UntilAsync(() => _board.StatusFor(7)?.State == RouterRuleState.Mapped);

        var report = await _table.ReportAsync(Ct);

        Assert.Equal(RouterState.Found, report.State);
        Assert.Equal([(3074, false, (int?)null), (8000, true, 7)], report.Mappings.Select(m => (m.ExternalPort, m.Ours, m.RuleId)));

        var refused = await _table.DeleteOurMappingAsync(PortProtocol.Udp, 3074, Ct);
        Assert.False(refused.IsSuccess);
        Assert.Equal(DeleteMappingErrorKind.NotOurs, refused.Error.Kind);
        Assert.Contains(_router.Table, m => m.ExternalPort == 3074);

        var deleted = await _table.DeleteOurMappingAsync(PortProtocol.Tcp, 8000, Ct);
        Assert.True(deleted.IsSuccess);
        // The rule still wants the port: the next pass, woken by the delete, opens it again.
        await UntilAsync(() => _router.Table.Any(m => m.ExternalPort == 8000) && _board.StatusFor(7)?.State == RouterRuleState.Mapped);
    }

    [Fact]
    public async Task The_routers_own_page_reaches_the_board_and_the_router_report()
    {
        _router.WebPage = new Uri("http://192.168.1.1/admin/");
        try
        {
            await _connection.ConnectAsync(_options.CurrentValue.Router, Ct);

            Assert.Equal(new Uri("http://192.168.1.1/admin/"), _board.Snapshot.WebPage);
            Assert.Equal("http://192.168.1.1/admin/", (await _table.ReportAsync(Ct)).WebPage);
        }
        finally
        {
            await _connection.CloseAsync(Ct);
        }
    }

    [Fact]
    public async Task A_router_that_tells_no_page_has_none_in_the_report()
    {
        try
        {
            await _connection.ConnectAsync(_options.CurrentValue.Router, Ct);

            Assert.Equal(RouterState.Found, _board.Snapshot.State);
            Assert.Null(_board.Snapshot.WebPage);
            Assert.Null((await _table.ReportAsync(Ct)).WebPage);
        }
        finally
        {
            await _connection.CloseAsync(Ct);
        }
    }

    [Fact]
    public async Task Without_a_router_deleting_says_so_and_rules_read_unavailable()
    {
        var noRouter = new RouterConnection(new InMemoryRouterFinder(null), _board, _publicAddress, TimeProvider.System,
            _logs, TestOutputLogger.For<RouterConnection>());
        var options = new SettableOptions<PortFwdOptions>(new PortFwdOptions { Router = new RouterOptions { ResyncSeconds = 3600 } });
        using var reconciler = new RouterMappingReconciler(_rules, _signal, noRouter, _board, options, TimeProvider.System, TestOutputLogger.For<RouterMappingReconciler>());
        _rules.Set(Rule(1, Protocol.Tcp, 8000));
        await reconciler.StartAsync(Ct);
        try
        {
            await UntilAsync(() => _board.StatusFor(1)?.State == RouterRuleState.Unavailable);
            Assert.Equal((RouterState.NotFound, "Nothing answered."), (_board.Snapshot.State, _board.Snapshot.Message));
            Assert.Equal("Nothing answered.", _board.StatusFor(1)!.Message);

            var deleted = await new RouterTable(noRouter, _board, reconciler).DeleteOurMappingAsync(PortProtocol.Tcp, 8000, Ct);
            Assert.Equal((DeleteMappingErrorKind.NoRouter, "No router is connected."), (deleted.Error?.Kind, deleted.Error?.Message));
        }
        finally
        {
            await reconciler.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task A_scheduled_rule_is_mapped_when_its_window_opens_and_unmapped_when_it_closes()
    {
        // Friday 4 December 2026 in UTC: a window from 18:00 to 18:01, the clock ten seconds before it.
        var opens = new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(opens.AddSeconds(-10));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        using var reconciler = new RouterMappingReconciler(_rules, _signal, _connection, _board, _options, clock, TestOutputLogger.For<RouterMappingReconciler>());
        var rule = Rule(3, Protocol.Tcp, 8000);
        rule.Schedule = new RuleSchedule(ScheduleDays.Friday, new TimeOnly(18, 0), new TimeOnly(18, 1));
        _rules.Set(rule);
        await reconciler.StartAsync(Ct);
        try
        {
            await UntilAsync(() => reconciler.NextScheduleChange == opens);
            Assert.Empty(_router.Table);
            Assert.Null(_board.StatusFor(3));

            clock.Advance(TimeSpan.FromSeconds(10));
            await UntilAsync(() => _board.StatusFor(3)?.State == RouterRuleState.Mapped && reconciler.NextScheduleChange == opens.AddMinutes(1));
            Assert.Equal(8000, Assert.Single(_router.Table).ExternalPort);

            clock.Advance(TimeSpan.FromMinutes(1));
            await UntilAsync(() => _router.Table.Count == 0 && _board.StatusFor(3) is null);
            Assert.Equal(opens.AddDays(7), reconciler.NextScheduleChange);
        }
        finally
        {
            await reconciler.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Stopping_closes_what_was_opened()
    {
        _rules.Set(Rule(1, Protocol.TcpUdp, 8000));
        await _reconciler.StartAsync(Ct);
        await UntilAsync(() => _board.StatusFor(1)?.State == RouterRuleState.Mapped);
        Assert.Equal(2, _router.Table.Count);

        await _reconciler.StopAsync(Ct);

        Assert.Empty(_router.Table);
    }

    [Fact]
    public async Task Turning_the_router_client_on_while_running_maps_the_rules_and_turning_it_off_removes_the_mappings()
    {
        _options.Set(Settings(enabled: false));
        _rules.Set(Rule(1, Protocol.Tcp, 8000));
        await _reconciler.StartAsync(Ct);
        await UntilAsync(() => _board.Snapshot.State == RouterState.Off);
        Assert.Empty(_router.Table);

        _options.Set(Settings(enabled: true));

        await UntilAsync(() => _board.StatusFor(1)?.State == RouterRuleState.Mapped);
        Assert.Equal(8000, Assert.Single(_router.Table).ExternalPort);

        // Off again: what was opened is closed, as on shutdown, and the rules wait without a router status.
        _options.Set(Settings(enabled: false));

        await UntilAsync(() => _board.Snapshot.State == RouterState.Off && _board.StatusFor(1) is null);
        Assert.Empty(_router.Table);
    }

    [Fact]
    public async Task A_new_lease_maps_the_rules_again_with_it()
    {
        _rules.Set(Rule(1, Protocol.Tcp, 8000));
        await _reconciler.StartAsync(Ct);
        await UntilAsync(() => _board.StatusFor(1)?.State == RouterRuleState.Mapped);
        Assert.Equal(TimeSpan.FromSeconds(600), Assert.Single(_router.Table).Lease);

        var longer = Settings(enabled: true);
        longer.Router.LeaseSeconds = 1200;
        _options.Set(longer);

        await UntilAsync(() => _router.Table.Count == 1 && _router.Table[0].Lease == TimeSpan.FromSeconds(1200)
            && _board.StatusFor(1)?.State == RouterRuleState.Mapped);
    }

    /// <summary>Router client settings pointing at the in-memory router, with a resync far longer than any test.</summary>
    private static PortFwdOptions Settings(bool enabled) =>
        new() { Router = new RouterOptions { Enabled = enabled, ResyncSeconds = 3600, LeaseSeconds = 600, LocalAddress = "192.168.1.10", Gateway = "192.168.1.1" } };

    public async ValueTask DisposeAsync()
    {
        await _reconciler.StopAsync(CancellationToken.None);
        _reconciler.Dispose();
        _logs.Dispose();
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the router client did not get there in time");
            await Task.Delay(20, Ct);
        }
    }
}
