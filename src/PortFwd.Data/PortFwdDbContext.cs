using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Certificates;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Data.Certificates;
using PortFwd.Data.Settings;
using PortFwd.Data.Traffic;

namespace PortFwd.Data;

/// <summary>PortFwd's SQLite database: rules, accounts, API tokens, traffic history, Dynamic DNS names, certificates, the blocklist, the settings saved on the panel, the audit log and the browsers signed in.</summary>
public sealed class PortFwdDbContext(DbContextOptions<PortFwdDbContext> options) : DbContext(options)
{
    public DbSet<ForwardingRule> Rules => Set<ForwardingRule>();

    public DbSet<AdminAccount> Accounts => Set<AdminAccount>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<PanelSession> Sessions => Set<PanelSession>();

    public DbSet<TrafficMinute> TrafficMinutes => Set<TrafficMinute>();

    public DbSet<TrafficHour> TrafficHours => Set<TrafficHour>();

    public DbSet<TrafficTotal> TrafficTotals => Set<TrafficTotal>();

    public DbSet<DdnsName> DdnsNames => Set<DdnsName>();

    public DbSet<DdnsUpdate> DdnsUpdates => Set<DdnsUpdate>();

    public DbSet<StoredCertificate> Certificates => Set<StoredCertificate>();

    public DbSet<BlocklistEntry> Blocklist => Set<BlocklistEntry>();

    public DbSet<PanelSetting> PanelSettings => Set<PanelSetting>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var protocol = new ValueConverter<Protocol, string>(
            p => p.ToName(),
            s => ParseProtocol(s));
        var tls = new ValueConverter<TlsMode, string>(
            m => m.ToName(),
            s => ParseTls(s));
        var proxyProtocol = new ValueConverter<ProxyProtocolMode, string>(
            m => m.ToName(),
            s => ParseProxyProtocol(s));

        modelBuilder.Entity<ForwardingRule>(rule =>
        {
            rule.ToTable("Rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Name).HasMaxLength(RuleLimits.MaxNameLength).IsRequired();
            rule.Property(r => r.Protocol).HasConversion(protocol).HasMaxLength(8).IsRequired();
            rule.Property(r => r.InternalHost).HasMaxLength(253).IsRequired();
            rule.Property(r => r.PathPrefix).HasMaxLength(RuleLimits.MaxPathPrefixLength);
            rule.Property(r => r.Description).HasMaxLength(RuleLimits.MaxDescriptionLength);
            rule.Property(r => r.ListenAddress).HasMaxLength(64);
            rule.Property(r => r.AllowedSources);
            rule.Property(r => r.HostNames);
            // Rules saved before HTTPS existed read as plain HTTP on port 80 (the migration's column defaults).
            rule.Property(r => r.Tls).HasConversion(tls).HasMaxLength(16).IsRequired();
            // Rules saved before limits existed read as no PROXY header, 1024 connections, no other limit (the migration's defaults).
            rule.Property(r => r.ProxyProtocol).HasConversion(proxyProtocol).HasMaxLength(8).IsRequired();

            // Null (always on) for every rule saved before schedules existed; columns ScheduleDays, ScheduleFrom, ScheduleTo.
            rule.ComplexProperty(r => r.Schedule, schedule =>
            {
                schedule.Property(s => s.Days).HasColumnName("ScheduleDays");
                schedule.Property(s => s.From).HasColumnName("ScheduleFrom");
                schedule.Property(s => s.To).HasColumnName("ScheduleTo");
            });
            rule.Ignore(r => r.UsesTls);
            rule.Ignore(r => r.RedirectsHttp);
            rule.Ignore(r => r.ExternalPorts);
            rule.Ignore(r => r.InternalPorts);
            rule.Ignore(r => r.InternalHostForPort);
            rule.HasIndex(r => r.ExternalPort);
        });

        modelBuilder.Entity<AdminAccount>(account =>
        {
            account.ToTable("Accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.UserName).HasMaxLength(64).IsRequired().UseCollation("NOCASE");
            account.HasIndex(a => a.UserName).IsUnique();
            account.Property(a => a.PasswordHash).IsRequired();
            account.Property(a => a.SecurityStamp).HasMaxLength(64).IsRequired();
            account.Property(a => a.RecoveryCodeHashes).HasMaxLength(1000);
        });

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.ToTable("ApiTokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength).IsRequired().UseCollation("NOCASE");
            token.HasIndex(t => new { t.AccountId, t.Name }).IsUnique();
            token.Property(t => t.Scope).HasConversion<string>().HasMaxLength(8).IsRequired();
            token.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        // Traffic history goes with its rule: deleting a rule deletes its rows (the connection turns foreign keys on).
        modelBuilder.Entity<TrafficMinute>(minute => ConfigureBucket(minute, "TrafficMinutes"));
        modelBuilder.Entity<TrafficHour>(hour => ConfigureBucket(hour, "TrafficHours"));
        modelBuilder.Entity<TrafficTotal>(total =>
        {
            total.ToTable("TrafficTotals");
            total.HasKey(t => t.RuleId);
            total.HasOne<ForwardingRule>().WithOne().HasForeignKey<TrafficTotal>(t => t.RuleId).OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureDynamicDns(modelBuilder);
        ConfigureCertificates(modelBuilder);

        modelBuilder.Entity<BlocklistEntry>(entry =>
        {
            entry.ToTable("Blocklist");
            entry.HasKey(e => e.Id);
            // "2001:db8:1234:5678:9abc:def0:1234:5678/128" is the longest normalized form (43 characters).
            entry.Property(e => e.Network).HasMaxLength(64).IsRequired();
            entry.HasIndex(e => e.Network).IsUnique();
            entry.Property(e => e.Note).HasMaxLength(BlocklistLimits.MaxNoteLength);
        });

        modelBuilder.Entity<PanelSetting>(setting =>
        {
            setting.ToTable("PanelSettings");
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(PanelSetting.MaxKeyLength);
            setting.Property(s => s.Value).HasMaxLength(PanelSetting.MaxValueLength).IsRequired();
        });

        ConfigureAudit(modelBuilder);
        ConfigureSessions(modelBuilder);
    }

    /// <summary>SQLite cannot compare DateTimeOffset text in SQL: Unix milliseconds (UTC) keep ranges and order in the database.</summary>
    private static ValueConverter<DateTimeOffset, long> UnixMilliseconds() => new(
        at => at.ToUnixTimeMilliseconds(),
        ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static void ConfigureSessions(ModelBuilder modelBuilder)
    {
        var unixMilliseconds = UnixMilliseconds();
        modelBuilder.Entity<PanelSession>(session =>
        {
            session.ToTable("Sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.KeyHash).HasMaxLength(64).IsRequired();
            session.HasIndex(s => s.KeyHash).IsUnique();
            session.Property(s => s.CreatedAt).HasConversion(unixMilliseconds);
            session.Property(s => s.LastSeenAt).HasConversion(unixMilliseconds);
            session.Property(s => s.ClientAddress).HasMaxLength(PanelSession.MaxAddressLength);
            session.Property(s => s.UserAgent).HasMaxLength(PanelSession.MaxUserAgentLength);
            session.HasIndex(s => s.AccountId);
            // An account's sessions go with it.
            session.HasOne<AdminAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureAudit(ModelBuilder modelBuilder)
    {
        var unixMilliseconds = UnixMilliseconds();
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditLog");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.At).HasConversion(unixMilliseconds);
            entry.Property(e => e.Actor).HasMaxLength(AuditEntry.MaxActorLength).IsRequired().UseCollation("NOCASE");
            entry.Property(e => e.Via).HasMaxLength(16).IsRequired();
            entry.Property(e => e.Token).HasMaxLength(AuditEntry.MaxTokenLength);
            entry.Property(e => e.ClientAddress).HasMaxLength(AuditEntry.MaxAddressLength);
            entry.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength).IsRequired();
            entry.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTargetLength).IsRequired();
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => e.Action);
        });
    }

    private static void ConfigureCertificates(ModelBuilder modelBuilder)
    {
        var source = new ValueConverter<CertificateSource, string>(
            s => s.ToName(),
            s => ParseSource(s));
        modelBuilder.Entity<StoredCertificate>(certificate =>
        {
            certificate.ToTable("Certificates");
            certificate.HasKey(c => c.Id);
            certificate.Property(c => c.Names);
            certificate.Property(c => c.Source).HasConversion(source).HasMaxLength(16).IsRequired();
            certificate.Property(c => c.ChainPem).IsRequired();
            certificate.Property(c => c.ProtectedKey).IsRequired();
            certificate.Property(c => c.Subject).HasMaxLength(1024).IsRequired();
            certificate.Property(c => c.Issuer).HasMaxLength(1024).IsRequired();
            certificate.Property(c => c.Thumbprint).HasMaxLength(64).IsRequired();
            certificate.Property(c => c.LastRenewalResult).HasConversion<string>().HasMaxLength(16);
            certificate.Property(c => c.LastRenewalMessage).HasMaxLength(2048);
            certificate.Property(c => c.LastRenewalCode).HasMaxLength(64);
            certificate.Property(c => c.LastRenewalArguments).HasMaxLength(4096);
            certificate.Ignore(c => c.LastRenewalSaid);
            // A self-signed certificate goes with the rule it was generated for.
            certificate.HasOne<ForwardingRule>().WithMany().HasForeignKey(c => c.RuleId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureDynamicDns(ModelBuilder modelBuilder)
    {
        var provider = new ValueConverter<DdnsProvider, string>(
            p => p.ToName(),
            s => ParseProvider(s));
        var status = new ValueConverter<DdnsStatus, string>(
            st => st.ToName(),
            s => ParseStatus(s));

        modelBuilder.Entity<DdnsName>(name =>
        {
            name.ToTable("DdnsNames");
            name.HasKey(n => n.Id);
            name.Property(n => n.Provider).HasConversion(provider).HasMaxLength(16).IsRequired();
            name.Property(n => n.HostName).HasMaxLength(DdnsLimits.MaxHostNameLength).IsRequired();
            name.Property(n => n.Username).HasMaxLength(DdnsLimits.MaxUsernameLength);
            name.Property(n => n.Server).HasMaxLength(DdnsLimits.MaxServerLength);
            name.Ignore(n => n.ServerUrl);
            name.HasIndex(n => new { n.HostName, n.Provider }).IsUnique();
        });

        // A name's history goes with it.
        modelBuilder.Entity<DdnsUpdate>(update =>
        {
            update.ToTable("DdnsUpdates");
            update.HasKey(u => u.Id);
            update.Property(u => u.Status).HasConversion(status).HasMaxLength(16).IsRequired();
            update.Property(u => u.Address).HasMaxLength(64);
            update.Property(u => u.Message).HasMaxLength(1024).IsRequired();
            // Rows from before results had codes get an empty code and no values: they show their English.
            update.Property(u => u.MessageCode).HasMaxLength(64).IsRequired();
            update.Property(u => u.MessageArguments).HasMaxLength(4096);
            update.Ignore(u => u.Said);
            update.HasIndex(u => new { u.NameId, u.Id });
            update.HasOne<DdnsName>().WithMany().HasForeignKey(u => u.NameId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureBucket<TBucket>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TBucket> bucket, string table)
        where TBucket : TrafficBucket
    {
        bucket.ToTable(table);
        bucket.HasKey(b => new { b.RuleId, b.Start });
        bucket.HasIndex(b => b.Start);
        bucket.HasOne<ForwardingRule>().WithMany().HasForeignKey(b => b.RuleId).OnDelete(DeleteBehavior.Cascade);
    }

    private static Protocol ParseProtocol(string name) =>
        ProtocolNames.TryParse(name, out var protocol) ? protocol : throw new InvalidDataException($"Unknown protocol '{name}' in the database.");

    private static TlsMode ParseTls(string name) =>
        TlsModeNames.TryParse(name, out var mode) ? mode : throw new InvalidDataException($"Unknown HTTPS mode '{name}' in the database.");

    private static ProxyProtocolMode ParseProxyProtocol(string name) =>
        ProxyProtocolModeNames.TryParse(name, out var mode) ? mode : throw new InvalidDataException($"Unknown PROXY protocol mode '{name}' in the database.");

    private static CertificateSource ParseSource(string name) =>
        CertificateSourceNames.TryParse(name, out var source) ? source : throw new InvalidDataException($"Unknown certificate source '{name}' in the database.");

    private static DdnsProvider ParseProvider(string name) =>
        DdnsProviderNames.TryParse(name, out var provider) ? provider : throw new InvalidDataException($"Unknown Dynamic DNS provider '{name}' in the database.");

    private static DdnsStatus ParseStatus(string name) =>
        DdnsStatusNames.TryParse(name, out var status) ? status : throw new InvalidDataException($"Unknown Dynamic DNS status '{name}' in the database.");
}
