using Microsoft.EntityFrameworkCore;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Certificates;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules;
using PortFwd.Data.Audit;
using PortFwd.Data.Settings;

namespace PortFwd.Data.Backup;

/// <summary>
/// The whole configuration a restore puts in place, already validated: rules and Dynamic DNS names to keep (by id, with
/// their new fields), to add (id 0) — every saved one not listed goes — the blocklist and the panel's saved settings.
/// </summary>
public sealed record ConfigurationReplacement(
    IReadOnlyList<ForwardingRule> Rules,
    IReadOnlyList<DdnsName> DdnsNames,
    IReadOnlyList<BlocklistEntry> Blocklist,
    IReadOnlyList<PanelSetting> Settings);

/// <summary>What a replacement did to the rules and names, by id, for the change signals sent after it.</summary>
public sealed record ConfigurationReplaced(
    IReadOnlyList<RuleChange> RuleChanges,
    IReadOnlyList<DdnsChange> DdnsChanges);

/// <summary>
/// Replaces the configuration (rules, Dynamic DNS names, blocklist, panel settings) in one transaction: all of it or,
/// on any failure, none. Kept rules and names keep their ids, so their traffic and update history stay theirs. The
/// restore is recorded in the audit log, in the same transaction, with what was there and what is there after it.
/// </summary>
public sealed class ConfigurationStore(IDbContextFactory<PortFwdDbContext> factory, TimeProvider time)
{
    private readonly AuditTrail _audit = new(time);

    /// <summary>
    /// Takes the saved configuration as it is now, for a restore to compare with: rules, Dynamic DNS names (with their
    /// encrypted secrets), the blocklist and the panel's saved settings, read in one transaction.
    /// </summary>
    public async Task<ConfigurationReplacement> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        return await ReadAsync(db, cancellationToken);
    }

    private static async Task<ConfigurationReplacement> ReadAsync(PortFwdDbContext db, CancellationToken cancellationToken) => new(
        await db.Rules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken),
        await db.DdnsNames.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken),
        await db.Blocklist.AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken),
        await db.PanelSettings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken));

    /// <summary>The configuration in the audit log: item names and settings (none of them secret), never a DDNS secret.</summary>
    private static object Summary(ConfigurationReplacement configuration) => new
    {
        rules = configuration.Rules.Select(r => r.Name),
        ddns = configuration.DdnsNames.Select(n => n.HostName),
        blocklist = configuration.Blocklist.Select(e => e.Network),
        settings = configuration.Settings.ToDictionary(s => s.Key, s => s.Value),
    };

    public async Task<ConfigurationReplaced> ReplaceAsync(ConfigurationReplacement replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = Summary(await ReadAsync(db, cancellationToken));

        var ruleChanges = await ReplaceRulesAsync(db, replacement.Rules, now, cancellationToken);
        var ddnsChanges = await ReplaceDdnsNamesAsync(db, replacement.DdnsNames, now, cancellationToken);

        await db.Blocklist.ExecuteDeleteAsync(cancellationToken);
        db.Blocklist.AddRange(replacement.Blocklist.Select(e => new BlocklistEntry { Network = e.Network, Note = e.Note, ExpiresAt = e.ExpiresAt, CreatedAt = e.CreatedAt }));

        await db.PanelSettings.ExecuteDeleteAsync(cancellationToken);
        db.PanelSettings.AddRange(replacement.Settings.Select(s => new PanelSetting { Key = s.Key, Value = s.Value }));

        await AuditTrail.SaveAsync(db, () => _audit.Entry(AuditActions.BackupRestore, "configuration", before, Summary(replacement)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Ids of added rows are known only after the save.
        return new ConfigurationReplaced(
            [.. ruleChanges.Select(c => c.Change ?? new RuleChange(RuleChangeKind.Created, c.Added!.Id))],
            [.. ddnsChanges.Select(c => c.Change ?? new DdnsChange(DdnsChangeKind.Created, c.Added!.Id))]);
    }

    private sealed record Pending<TChange, TRow>(TChange? Change, TRow? Added)
        where TChange : class
        where TRow : class;

    private static async Task<List<Pending<RuleChange, ForwardingRule>>> ReplaceRulesAsync(
        PortFwdDbContext db, IReadOnlyList<ForwardingRule> rules, DateTimeOffset now, CancellationToken ct)
    {
        var changes = new List<Pending<RuleChange, ForwardingRule>>();
        var saved = await db.Rules.ToDictionaryAsync(r => r.Id, ct);
        var kept = rules.Where(r => r.Id != 0).Select(r => r.Id).ToHashSet();
        foreach (var gone in saved.Values.Where(r => !kept.Contains(r.Id)))
        {
            db.Rules.Remove(gone);
            changes.Add(new(new RuleChange(RuleChangeKind.Deleted, gone.Id), null));
        }

        foreach (var rule in rules)
        {
            if (rule.Id != 0 && saved.TryGetValue(rule.Id, out var existing))
            {
                existing.CopyEditableFrom(rule);
                existing.UpdatedAt = now;
                changes.Add(new(new RuleChange(RuleChangeKind.Updated, existing.Id), null));
                if (existing.Tls != TlsMode.SelfSigned)
                {
                    // As a saved change does: a self-signed certificate the rule no longer serves goes.
                    await db.Certificates.Where(c => c.RuleId == existing.Id && c.Source == CertificateSource.SelfSigned).ExecuteDeleteAsync(ct);
                }

                continue;
            }

            rule.Id = 0;
            rule.CreatedAt = now;
            rule.UpdatedAt = now;
            db.Rules.Add(rule);
            changes.Add(new(null, rule));
        }

        return changes;
    }

    private static async Task<List<Pending<DdnsChange, DdnsName>>> ReplaceDdnsNamesAsync(
        PortFwdDbContext db, IReadOnlyList<DdnsName> names, DateTimeOffset now, CancellationToken ct)
    {
        var changes = new List<Pending<DdnsChange, DdnsName>>();
        var saved = await db.DdnsNames.ToDictionaryAsync(n => n.Id, ct);
        var kept = names.Where(n => n.Id != 0).Select(n => n.Id).ToHashSet();
        foreach (var gone in saved.Values.Where(n => !kept.Contains(n.Id)))
        {
            db.DdnsNames.Remove(gone);
            changes.Add(new(new DdnsChange(DdnsChangeKind.Deleted, gone.Id), null));
        }

        foreach (var name in names)
        {
            if (name.Id != 0 && saved.TryGetValue(name.Id, out var existing))
            {
                existing.CopyEditableFrom(name);
                existing.ProtectedPassword = name.ProtectedPassword;
                existing.ProtectedToken = name.ProtectedToken;
                existing.UpdatedAt = now;
                changes.Add(new(new DdnsChange(DdnsChangeKind.Updated, existing.Id), null));
                continue;
            }

            name.Id = 0;
            name.CreatedAt = now;
            name.UpdatedAt = now;
            db.DdnsNames.Add(name);
            changes.Add(new(null, name));
        }

        return changes;
    }

    /// <summary>
    /// Copies the whole database, consistent at one instant, into <paramref name="path"/> (SQLite's <c>VACUUM INTO</c>):
    /// a file that opens on its own, without the WAL beside it. The file must not exist yet.
    /// </summary>
    public async Task CopyToAsync(string path, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {path}", cancellationToken);
    }
}
