using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Traffic;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Web.Traffic;

// The traffic sampler's cost with 500 and 1,000 rules: one tick (read every counter, update the 1-second rings and the
// pending rollups) and one flush (add 5 s of minute/hour rollups and totals of every rule to SQLite).
// Run: dotnet run -c Release --project bench/PortFwd.Traffic.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(SamplerBenchmarks).Assembly).Run(args);

/// <summary>What one sampler costs per tick and per flush.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SamplerBenchmarks
{
    private readonly SteppingClock _clock = new();
    private GrowingSource _busy = default!;
    private ServiceProvider _services = default!;
    private string _directory = "";
    private RelayEngine _relay = default!;
    private TrafficSampler _idleRelay = default!;
    private TrafficSampler _allBusy = default!;
    private TrafficSampler _flushing = default!;
    private TrafficHistory _flushingHistory = default!;

    /// <summary>How many rules: 500 (the first measurement) and 1,000 (issue 12's scale).</summary>
    [Params(500, 1000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _busy = new GrowingSource(Rules);
        _directory = Directory.CreateTempSubdirectory("portfwd-traffic-bench-").FullName;
        var services = new ServiceCollection();
        services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
        services.AddSingleton(TimeProvider.System);
        services.AddPortFwdData(_directory);
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>();
        await PortFwdDatabase.MigrateAsync(factory, CancellationToken.None);
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 1; i <= Rules; i++)
            {
                db.Rules.Add(new ForwardingRule { Name = $"rule {i}", Protocol = Protocol.Tcp, ExternalPort = 10000 + i, InternalHost = "127.0.0.1", InternalPort = 9 });
            }

            await db.SaveChangesAsync();
        }

        // The real relay with the TCP rules listening on loopback (OS-chosen ports), no traffic.
        _relay = new RelayEngine();
        for (var i = 1; i <= Rules; i++)
        {
            var result = await _relay.ApplyAsync(
                new RelayRule(i, $"rule {i}", RelayTransport.Tcp, IPAddress.Loopback, 0, 0, "127.0.0.1", 9, [], RelayLimits.Default),
                CancellationToken.None);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Error.Message);
            }
        }

        var store = _services.GetRequiredService<TrafficStore>();
        var changes = _services.GetRequiredService<IRuleChangeSignal>();
        var options = Options.Create(new TrafficOptions());
        _idleRelay = new TrafficSampler([new RelayTrafficSource(_relay)], changes, options, _clock);
        _allBusy = new TrafficSampler([_busy], changes, options, _clock);
        _flushing = new TrafficSampler([_busy], changes, options, _clock);
        _flushingHistory = new TrafficHistory(_flushing, store, _clock, NullLogger<TrafficHistory>.Instance);
        for (var i = 0; i < 700; i++)
        {
            // Fill the rings so every tick overwrites a full slot, as in steady state.
            _idleRelay.Sample();
            _allBusy.Sample();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _relay.DisposeAsync();
        _idleRelay.Dispose();
        _allBusy.Dispose();
        _flushing.Dispose();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One tick over the real relay's rules when nothing flows.</summary>
    [Benchmark]
    public void Tick_relay_rules_idle() => _idleRelay.Sample();

    /// <summary>One tick when all rules carried bytes in the last second (the worst case).</summary>
    [Benchmark]
    public void Tick_rules_all_busy() => _allBusy.Sample();

    /// <summary>Five busy ticks and the flush that follows them (the database write every 5 s), on a real SQLite file in WAL mode.</summary>
    [Benchmark]
    public async Task Five_busy_ticks_and_a_flush()
    {
        for (var i = 0; i < 5; i++)
        {
            _flushing.Sample();
        }

        await _flushingHistory.FlushAsync(CancellationToken.None);
    }
}

/// <summary>Moves one second on every reading, so each tick is a new second.</summary>
internal sealed class SteppingClock : TimeProvider
{
    private long _seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Interlocked.Increment(ref _seconds));
}

/// <summary>Rules whose counters all grow between two readings.</summary>
internal sealed class GrowingSource(int rules) : ITrafficSource
{
    private long _total;

    public void Read(List<(int RuleId, TrafficReading Reading)> into)
    {
        into.Clear();
        _total += 1500;
        for (var id = 1; id <= rules; id++)
        {
            into.Add((id, new TrafficReading(new TrafficCounts { BytesIn = _total + id, BytesOut = 2 * _total, Connections = _total / 1500 }, 1, 0, 0)));
        }
    }

    public void Forget(int ruleId)
    {
    }
}
