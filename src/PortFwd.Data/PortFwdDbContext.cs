using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PortFwd.Core.Rules;
using PortFwd.Data.Accounts;

namespace PortFwd.Data;

/// <summary>PortFwd's SQLite database: rules, accounts and API tokens.</summary>
public sealed class PortFwdDbContext(DbContextOptions<PortFwdDbContext> options) : DbContext(options)
{
    public DbSet<ForwardingRule> Rules => Set<ForwardingRule>();

    public DbSet<AdminAccount> Accounts => Set<AdminAccount>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var protocol = new ValueConverter<Protocol, string>(
            p => p.ToName(),
            s => ParseProtocol(s));

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
            rule.Ignore(r => r.ExternalPorts);
            rule.Ignore(r => r.InternalPorts);
            rule.HasIndex(r => r.ExternalPort);
        });

        modelBuilder.Entity<AdminAccount>(account =>
        {
            account.ToTable("Accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.UserName).HasMaxLength(64).IsRequired().UseCollation("NOCASE");
            account.HasIndex(a => a.UserName).IsUnique();
            account.Property(a => a.PasswordHash).IsRequired();
        });

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.ToTable("ApiTokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static Protocol ParseProtocol(string name) =>
        ProtocolNames.TryParse(name, out var protocol) ? protocol : throw new InvalidDataException($"Unknown protocol '{name}' in the database.");
}
