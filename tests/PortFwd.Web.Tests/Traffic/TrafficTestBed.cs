using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Traffic;
using PortFwd.Testing.Logging;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Traffic;

/// <summary>Counters the test sets: cumulative readings per rule, as the relay or the HTTP meter would report them.</summary>
internal sealed class ManualSource : ITrafficSource
{
    public Dictionary<int, TrafficReading> Rules { get; } = [];

    /// <summary>Rules the sampler told this source to forget, in order.</summary>
    public List<int> Forgotten { get; } = [];

    public void Set(int ruleId, long bytesIn, long bytesOut, long connections = 0, long active = 0) =>
        Rules[ruleId] = new TrafficReading(new TrafficCounts { BytesIn = bytesIn, BytesOut = bytesOut, Connections = connections }, active, 0, 0);

    public void Read(List<(int RuleId, TrafficReading Reading)> into)
    {
        into.Clear();
        foreach (var (id, reading) in Rules)
        {
            into.Add((id, reading));
        }
    }

    public void Forget(int ruleId) => Forgotten.Add(ruleId);
}

/// <summary>The tick, the history and pruning over one store.</summary>
internal sealed record TrafficParts(TrafficSampler Sampler, TrafficHistory History, TrafficRetention Retention) : IDisposable
{
    public void Dispose() => Sampler.Dispose();
}

/// <summary>A real SQLite file with the real migrations, rules in it, and the traffic parts over it.</summary>
internal sealed class TrafficTestBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TrafficTestBed(string directory, ServiceProvider services)
    {
        Directory = directory;
        _services = services;
        Factory = services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>();
        Store = services.GetRequiredService<TrafficStore>();
    }

    public string Directory { get; }

    public IDbContextFactory<PortFwdDbContext> Factory { get; }

    public TrafficStore Store { get; }

    public RuleChangeSignal Changes { get; } = new();

    public static async Task<TrafficTestBed> CreateAsync(CancellationToken ct)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("portfwd-traffic-unit-").FullName;
        var services = new ServiceCollection();
        services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
        services.AddSingleton(TimeProvider.System);
        services.AddPortFwdData(directory);
        var provider = services.BuildServiceProvider();
        await PortFwdDatabase.MigrateAsync(provider.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), ct);
        return new TrafficTestBed(directory, provider);
    }

    public async Task<int> AddRuleAsync(string name, CancellationToken ct)
    {
        await using var db = await Factory.CreateDbContextAsync(ct);
        var rule = new ForwardingRule { Name = name, Protocol = Protocol.Tcp, ExternalPort = 20000 + Random.Shared.Next(40000), InternalHost = "127.0.0.1", InternalPort = 80 };
        db.Rules.Add(rule);
        await db.SaveChangesAsync(ct);
        return rule.Id;
    }

    /// <summary>A sampler over <paramref name="source"/> with its history and pruning, as the recorder composes them.</summary>
    public TrafficParts Start(TimeProvider clock, ITrafficSource source, TrafficOptions? options = null)
    {
        var wrapped = Options.Create(options ?? new TrafficOptions());
        var sampler = new TrafficSampler([source], Changes, wrapped, clock);
        return new TrafficParts(
            sampler,
            new TrafficHistory(sampler, Store, clock, TestOutputLogger.For<TrafficHistory>()),
            new TrafficRetention(Store, new Fakes.SettableOptions<TrafficOptions>(wrapped.Value), clock, TestOutputLogger.For<TrafficRetention>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        PortFwd.Web.Tests.Api.PanelFactory.ReleaseDatabase(Directory);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
