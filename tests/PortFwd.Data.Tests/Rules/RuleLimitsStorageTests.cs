using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;

namespace PortFwd.Data.Tests.Rules;

public sealed class RuleLimitsStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class NoSignal : IRuleChangeSignal
    {
        public event Action<RuleChange>? Changed;

        public void Notify(RuleChange change) => Changed?.Invoke(change);
    }

    [Fact]
    public async Task Rules_saved_before_limits_existed_read_with_no_proxy_header_1024_connections_and_no_other_limit()
    {
        var directory = Directory.CreateTempSubdirectory("portfwd-data-").FullName;
        var options = new DbContextOptionsBuilder<PortFwdDbContext>().UseSqlite(PortFwdDatabase.ConnectionString(directory)).Options;
        await using (var before = new PortFwdDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("20261201051004_Certificates", Ct);
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO Rules (Name, Protocol, ExternalPort, InternalHost, InternalPort, Enabled, OpenOnRouter, AllowedSources, HostNames, CreatedAt, UpdatedAt) " +
                "VALUES ('Old game', 'tcp', 25565, '192.168.1.20', 25565, 1, 0, '[]', '[]', '2026-11-30 10:00:00+00:00', '2026-11-30 10:00:00+00:00')", Ct);
        }

        await using var db = await TempDatabase.CreateAsync(directory);
        var rule = Assert.Single(await new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), TimeProvider.System).GetAllAsync(Ct));

        Assert.Equal((ProxyProtocolMode.Off, 1024, 0, 0, 0),
            (rule.ProxyProtocol, rule.MaxConnections, rule.MaxConnectionsPerSource, rule.RateLimitInKBps, rule.RateLimitOutKBps));
    }

    [Fact]
    public async Task The_proxy_protocol_and_limits_are_stored_and_read_back()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), TimeProvider.System);
        var draft = new RuleDraft
        {
            Name = "Game",
            Protocol = "tcp",
            ExternalPort = 25565,
            InternalHost = "192.168.1.20",
            InternalPort = 25565,
            ProxyProtocol = "v2",
            MaxConnections = 50,
            MaxConnectionsPerSource = 3,
            RateLimitInKBps = 512,
            RateLimitOutKBps = 2048,
        };

        var saved = await store.CreateAsync(draft, RuleValidationContext.Empty, Ct);
        Assert.True(saved.IsSuccess, saved.ToString());
        var read = await store.GetAsync(saved.Value.Id, Ct);

        Assert.Equal((ProxyProtocolMode.V2, 50, 3, 512, 2048),
            (read!.ProxyProtocol, read.MaxConnections, read.MaxConnectionsPerSource, read.RateLimitInKBps, read.RateLimitOutKBps));
    }
}
