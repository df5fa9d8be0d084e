using Microsoft.Extensions.Time.Testing;
using PortFwd.Testing.HomeRouter;
using PortFwd.Testing.Logging;

namespace PortFwd.Nat.Tests.Leases;

public class PortMappingKeeperTests
{
    private static readonly MappingRequest Web = new(PortProtocol.Tcp, 8080, 18080) { Lease = TimeSpan.FromMinutes(10), Description = "PortFwd: web" };

    private readonly FakeTimeProvider _time = new();
    private readonly List<LeaseEventArgs> _events = [];

    private PortMappingKeeper Keeper(InMemoryRouter device)
    {
        var keeper = new PortMappingKeeper(device, new PortMappingKeeperOptions { RetryDelay = TimeSpan.FromSeconds(30) }, _time, TestOutputLogger.For<PortMappingKeeper>());
        keeper.LeaseChanged += (_, e) => _events.Add(e);
        return keeper;
    }

    [Fact]
    public async Task A_lease_is_renewed_at_half_life_and_not_before()
    {
        var device = new InMemoryRouter(_time);
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await keeper.AddAsync(Web, ct)).IsSuccess);
        Assert.Equal(_time.GetUtcNow().AddMinutes(5), keeper.Mappings.Single().NextAttempt);

        _time.Advance(TimeSpan.FromMinutes(4));
        await keeper.RenewDueAsync(ct);
        Assert.Single(device.Creates);

        _time.Advance(TimeSpan.FromMinutes(1));
        await keeper.RenewDueAsync(ct);
        Assert.Equal(2, device.Creates.Count);
        Assert.Equal([LeaseEventKind.Added, LeaseEventKind.Renewed], _events.Select(e => e.Kind));
        Assert.Equal(_time.GetUtcNow().AddMinutes(5), keeper.Mappings.Single().NextAttempt);
    }

    [Fact]
    public async Task Every_failed_renewal_is_reported_and_retried_sooner_as_the_lease_runs_out()
    {
        var device = new InMemoryRouter(_time);
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;
        await keeper.AddAsync(Web, ct);

        device.FailWith = new NatError(NatErrorKind.NoResponse, "no answer");
        _time.Advance(TimeSpan.FromMinutes(5));
        await keeper.RenewDueAsync(ct);
        _time.Advance(TimeSpan.FromSeconds(30));
        await keeper.RenewDueAsync(ct);

        var failures = _events.Where(e => e.Kind == LeaseEventKind.RenewFailed).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal("no answer", f.Error?.Message));
        var kept = keeper.Mappings.Single();
        Assert.Equal(2, kept.ConsecutiveFailures);
        Assert.False(kept.IsActive);

        // With 40 s of the lease left, the next try comes after 20 s instead of 30.
        _time.Advance(TimeSpan.FromSeconds(230));
        await keeper.RenewDueAsync(ct);
        Assert.Equal(_time.GetUtcNow().AddSeconds(20), keeper.Mappings.Single().NextAttempt);

        device.FailWith = null;
        _time.Advance(TimeSpan.FromSeconds(20));
        await keeper.RenewDueAsync(ct);
        Assert.True(keeper.Mappings.Single().IsActive);
        Assert.Equal(LeaseEventKind.Renewed, _events[^1].Kind);
    }

    [Fact]
    public async Task A_failed_first_add_is_kept_and_retried()
    {
        var device = new InMemoryRouter(_time) { FailWith = new NatError(NatErrorKind.ConflictInMappingEntry, "taken") };
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;

        var first = await keeper.AddAsync(Web, ct);
        device.FailWith = null;
        _time.Advance(TimeSpan.FromSeconds(30));
        await keeper.RenewDueAsync(ct);

        Assert.Equal(NatErrorKind.ConflictInMappingEntry, first.Error?.Kind);
        Assert.Equal([LeaseEventKind.AddFailed, LeaseEventKind.Added], _events.Select(e => e.Kind));
        Assert.True(keeper.Mappings.Single().IsActive);
    }

    [Fact]
    public async Task A_mapping_that_vanished_is_added_again_on_resync()
    {
        var device = new InMemoryRouter(_time);
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;
        await keeper.AddAsync(Web, ct);

        await keeper.ResyncAsync(ct);
        Assert.Single(device.Creates);

        device.Lose(PortProtocol.Tcp, 18080);
        await keeper.ResyncAsync(ct);

        Assert.Equal(2, device.Creates.Count);
        Assert.Equal(LeaseEventKind.Readded, _events[^1].Kind);
        Assert.NotNull((await device.GetSpecificMappingAsync(PortProtocol.Tcp, 18080, ct)).Value);
    }

    [Fact]
    public async Task A_router_restart_re_adds_everything()
    {
        var device = new InMemoryRouter(_time);
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;
        await keeper.AddAsync(Web, ct);
        await keeper.AddAsync(Web with { Protocol = PortProtocol.Udp }, ct);

        device.Restart();
        await keeper.RenewDueAsync(ct);

        Assert.Equal(2, _events.Count(e => e.Kind == LeaseEventKind.RouterRestarted));
        Assert.Equal(2, _events.Count(e => e.Kind == LeaseEventKind.Readded));
        Assert.Equal(2, (await device.GetAllMappingsAsync(ct)).Value!.Count);
    }

    [Fact]
    public async Task Removing_stops_keeping_and_deletes()
    {
        var device = new InMemoryRouter(_time);
        await using var keeper = Keeper(device);
        var ct = TestContext.Current.CancellationToken;
        await keeper.AddAsync(Web, ct);

        Assert.True((await keeper.RemoveAsync(PortProtocol.Tcp, 18080, ct)).IsSuccess);
        _time.Advance(TimeSpan.FromHours(1));
        await keeper.RenewDueAsync(ct);
        await keeper.ResyncAsync(ct);

        Assert.Empty(keeper.Mappings);
        Assert.Single(device.Creates);
        Assert.Empty((await device.GetAllMappingsAsync(ct)).Value!);
        Assert.Equal(LeaseEventKind.Removed, _events[^1].Kind);
    }

    [Fact]
    public async Task The_background_loop_renews_on_its_own()
    {
        var device = new InMemoryRouter(TimeProvider.System);
        await using var keeper = new PortMappingKeeper(device, logger: TestOutputLogger.For<PortMappingKeeper>());
        var renewed = new TaskCompletionSource();
        keeper.LeaseChanged += (_, e) => { if (e.Kind == LeaseEventKind.Renewed) { renewed.TrySetResult(); } };
        var ct = TestContext.Current.CancellationToken;

        keeper.Start();
        await keeper.AddAsync(Web with { Lease = TimeSpan.FromMilliseconds(400) }, ct);
        await renewed.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
        await keeper.StopAsync();

        Assert.True(device.Creates.Count >= 2);
    }
}
