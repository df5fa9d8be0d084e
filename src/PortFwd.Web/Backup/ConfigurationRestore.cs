using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PortFwd.Core.Blocklist;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Backup;
using PortFwd.Data.Certificates;
using PortFwd.Data.Blocklist;
using PortFwd.Data.DynamicDns;
using PortFwd.Data.Rules;
using PortFwd.Data.Settings;
using PortFwd.Data.Storage;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Localization;
using PortFwd.Web.Rules;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Backup;

/// <summary>
/// Puts a <see cref="BackupDocument"/> in place of the configuration: rules, Dynamic DNS names, the blocklist and the
/// panel's saved settings become exactly the backup's. Every item is checked as the API checks it when typed (the same
/// validators and messages), the whole backup at once; only when nothing stands in the way is it stored, in one
/// transaction, and then applied live as any saved change is. The API and the System page both go through here.
/// </summary>
/// <remarks>
/// Items are matched to saved ones by name (rules), provider and host name (Dynamic DNS), network (blocklist) and field
/// name (settings): a matched rule or name keeps its id, and with it its traffic or update history. A restore holds the
/// write gates of the stores it rewrites (<see cref="RuleStore.Writes"/> and the others) from its read of the configuration
/// to its save, so a rule, name, entry, certificate or setting saved meanwhile comes wholly before it (and is part of what
/// it compares with) or wholly after it (and is checked against what it restored).
/// </remarks>
public sealed partial class ConfigurationRestore(
    ConfigurationStore store,
    RuleStore rules,
    DdnsStore ddns,
    BlocklistStore blocklistStore,
    CertificateStore certificates,
    PanelPorts panel,
    IDdnsSecrets secrets,
    PanelSettings settings,
    BlocklistService blocklist,
    IRuleChangeSignal ruleSignal,
    IDdnsChangeSignal ddnsSignal,
    IOptions<JsonOptions> json,
    TimeProvider time,
    ILogger<ConfigurationRestore> logger)
{
    /// <summary>What restoring the backup would change, and every problem with it. Changes nothing.</summary>
    public Task<RestorePlan> PreviewAsync(JsonElement backup, string? passphrase, CancellationToken cancellationToken) =>
        RunAsync(backup, passphrase, apply: false, cancellationToken);

    /// <summary>Restores the backup when nothing stands in the way (<see cref="RestorePlan.CanRestore"/>); otherwise changes nothing and says why.</summary>
    public Task<RestorePlan> ApplyAsync(JsonElement backup, string? passphrase, CancellationToken cancellationToken) =>
        RunAsync(backup, passphrase, apply: true, cancellationToken);

    private async Task<RestorePlan> RunAsync(JsonElement backup, string? passphrase, bool apply, CancellationToken ct)
    {
        var read = BackupReader.Read(backup, json.Value.SerializerOptions);
        if (read.Document is not { } document)
        {
            return RestorePlan.Refused(read.Problem!);
        }

        var unsealed = BackupReader.Unseal(document, passphrase);
        if (unsealed.Problem is { } passphraseProblem)
        {
            return RestorePlan.Refused(passphraseProblem);
        }

        // Always in this order, the only place that holds more than one.
        using var gates = apply
            ? await WriteGate.EnterAllAsync([settings.Writes, certificates.Writes, rules.Writes, ddns.Writes, blocklistStore.Writes], ct)
            : null;
        var current = await store.ReadAsync(ct);
        var plan = new Planner();
        var restoredRules = await PlanRulesAsync(document.Rules, current.Rules, plan, ct);
        var names = PlanDdns(document.Ddns, unsealed.Secrets, current.DdnsNames, plan);
        var entries = PlanBlocklist(document.Blocklist, current.Blocklist, plan);
        var saved = PlanSettings(document.Settings, current.Settings, plan);
        if (!apply || plan.Problems.Count > 0)
        {
            return new RestorePlan(plan.Changes, plan.Problems, Restored: false);
        }

        var replaced = await store.ReplaceAsync(new ConfigurationReplacement(restoredRules, names, entries, saved), ct);

        // Live, as a saved change is: the settings first (a rule's default listen address is one), then the rules, the names, the blocklist.
        settings.Reload(plan.Changes.Where(c => c.Section == BackupSections.Settings).Select(c => c.Name));
        foreach (var change in replaced.RuleChanges)
        {
            ruleSignal.Notify(change);
        }

        foreach (var change in replaced.DdnsChanges)
        {
            ddnsSignal.Notify(change);
        }

        // Put in force once the gates are let go: doing so deletes what expired, a write that takes the blocklist's gate itself.
        gates?.Dispose();
        await blocklist.ReloadAsync(ct);
        LogRestored(restoredRules.Count, names.Count, entries.Count, saved.Count, plan.Changes.Count);
        return new RestorePlan(plan.Changes, [], Restored: true);
    }

    private async Task<List<ForwardingRule>> PlanRulesAsync(IReadOnlyList<RuleDraft> drafts, IReadOnlyList<ForwardingRule> saved, Planner plan, CancellationToken ct)
    {
        var facts = await certificates.FactsAsync(ct);
        var unmatched = saved.ToList();
        var accepted = new List<ForwardingRule>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var item = string.IsNullOrWhiteSpace(draft.Name) ? $"rule {i + 1}" : draft.Name.Trim();
            var context = await panel.ValidationContextAsync(draft, ct) with { Certificates = facts, Now = time.GetUtcNow() };
            var validation = RuleValidator.Validate(draft, context);
            if (!validation.IsSuccess)
            {
                plan.Refuse(BackupSections.Rules, i, item, validation.Error.FieldErrors, validation.Error.FieldMessages, ValidationText.KeyPrefix);
                continue;
            }

            var rule = validation.Value;
            if (RuleConflicts.Find(rule, accepted) is { } conflict)
            {
                var refused = RuleSaveError.Conflicting(conflict);
                plan.Refuse(BackupSections.Rules, i, item, refused.FieldErrors, refused.FieldMessages, ValidationText.KeyPrefix);
                continue;
            }

            // Same name, in order: a panel with two rules of one name gets both back.
            if (unmatched.FirstOrDefault(r => string.Equals(r.Name, rule.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                unmatched.Remove(existing);
                rule.Id = existing.Id;
                plan.ChangedUnlessSame(BackupSections.Rules, rule.Name, Json(existing.ToDraft()), Json(rule.ToDraft()));
            }
            else
            {
                plan.Added(BackupSections.Rules, rule.Name);
            }

            accepted.Add(rule);
        }

        plan.Removed(BackupSections.Rules, unmatched.Select(r => r.Name));
        return accepted;
    }

    private List<DdnsName> PlanDdns(IReadOnlyList<BackupDdnsName> backup, IReadOnlyList<(string? Password, string? Token)> opened, IReadOnlyList<DdnsName> saved, Planner plan)
    {
        var unmatched = saved.ToList();
        var accepted = new List<DdnsName>(backup.Count);
        for (var i = 0; i < backup.Count; i++)
        {
            var item = backup[i];
            var draft = new DdnsDraft
            {
                Provider = item.Provider, Hostname = item.Hostname, Username = item.Username, Server = item.Server,
                Ipv4 = item.Ipv4, Ipv6 = item.Ipv6, Enabled = item.Enabled, ConfirmBy = item.ConfirmBy,
                Password = opened[i].Password, Token = opened[i].Token,
            };
            var label = string.IsNullOrWhiteSpace(item.Hostname) ? $"name {i + 1}" : item.Hostname.Trim();

            // Without its secret in the backup, a name keeps the one stored for the same provider and host name, as a change through the API does.
            var existing = unmatched.FirstOrDefault(n => n.Provider.ToName() == item.Provider?.Trim().ToLowerInvariant()
                && string.Equals(n.HostName, item.Hostname?.Trim().TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
            var validation = DdnsValidator.Validate(draft, existing is null ? DdnsValidationContext.New : DdnsValidationContext.Changing(existing));
            if (!validation.IsValid)
            {
                plan.Refuse(BackupSections.Ddns, i, label, validation.Errors);
                continue;
            }

            var name = validation.Name!;
            if (accepted.Any(n => n.HostName == name.HostName && n.Provider == name.Provider))
            {
                plan.Refuse(BackupSections.Ddns, i, label, new Dictionary<string, string[]>
                {
                    [DdnsFields.Hostname] = [$"{name.HostName} is already kept up to date with {name.Provider.ToDisplayName()}."],
                });
                continue;
            }

            name.ProtectedPassword = !name.Provider.UsesPassword() ? null : validation.Password is { } password ? secrets.Protect(password) : existing?.ProtectedPassword;
            name.ProtectedToken = !name.Provider.UsesToken() ? null : validation.Token is { } token ? secrets.Protect(token) : existing?.ProtectedToken;
            if (existing is not null)
            {
                unmatched.Remove(existing);
                name.Id = existing.Id;
                var secretsChanged = (validation.Password is not null && Unprotected(existing.ProtectedPassword) != validation.Password)
                    || (validation.Token is not null && Unprotected(existing.ProtectedToken) != validation.Token);
                plan.ChangedUnlessSame(BackupSections.Ddns, name.HostName, Json(Editable(existing)), Json(Editable(name)), secretsChanged);
            }
            else
            {
                plan.Added(BackupSections.Ddns, name.HostName);
            }

            accepted.Add(name);
        }

        plan.Removed(BackupSections.Ddns, unmatched.Select(n => n.HostName));
        return accepted;
    }

    private string? Unprotected(string? protectedSecret) => protectedSecret is null ? null : secrets.Unprotect(protectedSecret);

    private static object Editable(DdnsName n) => new { n.Provider, n.HostName, n.Username, n.Server, n.Ipv4, n.Ipv6, n.Enabled, n.ConfirmBy };

    private List<BlocklistEntry> PlanBlocklist(IReadOnlyList<BlocklistDraft> drafts, IReadOnlyList<BlocklistEntry> saved, Planner plan)
    {
        var now = time.GetUtcNow();
        var unmatched = saved.Where(e => !e.HasExpired(now)).ToList();
        var accepted = new List<BlocklistEntry>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            if (draft.ExpiresAt is { } expires && expires <= now)
            {
                // It would have gone by itself by now: not a problem with the backup, just nothing to restore.
                continue;
            }

            var label = string.IsNullOrWhiteSpace(draft.Address) ? $"entry {i + 1}" : draft.Address.Trim();
            var validation = BlocklistEntryValidator.Validate(draft, now);
            if (!validation.IsValid || validation.Entry is not { } entry)
            {
                plan.Refuse(BackupSections.Blocklist, i, label, validation.Errors, validation.Messages, MessageText.ServicePrefix);
                continue;
            }

            var duplicate = accepted.Any(e => e.Network == entry.Network);
            if (duplicate || accepted.Count >= BlocklistLimits.MaxEntries)
            {
                plan.Refuse(BackupSections.Blocklist, i, label, new Dictionary<string, string[]>
                {
                    [BlocklistFields.Address] = [duplicate ? $"{entry.Network} is already on the blocklist."
                        : $"The blocklist holds at most {BlocklistLimits.MaxEntries} entries; delete some, or block a wider network."],
                });
                continue;
            }

            if (unmatched.FirstOrDefault(e => e.Network == entry.Network) is { } existing)
            {
                unmatched.Remove(existing);
                entry.CreatedAt = existing.CreatedAt;
                plan.ChangedUnlessSame(BackupSections.Blocklist, entry.Network, Json(new { existing.Note, existing.ExpiresAt }), Json(new { entry.Note, entry.ExpiresAt }));
            }
            else
            {
                plan.Added(BackupSections.Blocklist, entry.Network);
            }

            accepted.Add(entry);
        }

        plan.Removed(BackupSections.Blocklist, unmatched.Select(e => e.Network));
        return accepted;
    }

    private List<PanelSetting> PlanSettings(IReadOnlyDictionary<string, JsonElement> backup, IReadOnlyList<PanelSetting> saved, Planner plan)
    {
        var values = new List<SettingChange>();
        foreach (var (name, element) in backup)
        {
            if (SettingFields.Find(name) is not { } field)
            {
                // PanelSettings names the settings there are.
                values.Add(new SettingChange(name, null));
            }
            else if (element.ValueKind == JsonValueKind.Null)
            {
                // Null is "not saved on the panel", as in PUT /api/settings.
                continue;
            }
            else if (SettingsEndpoints.ValueOf(field, element, out var value))
            {
                values.Add(new SettingChange(field.Name, value));
            }
            else
            {
                plan.Refuse(BackupSections.Settings, null, field.Name, new Dictionary<string, string[]> { [field.Name] = [PanelSettings.WrongKind(field)] });
            }
        }

        var replacement = settings.CheckReplacement(values);
        foreach (var (field, messages) in replacement.Errors)
        {
            plan.Refuse(BackupSections.Settings, null, field, new Dictionary<string, string[]> { [field] = messages });
        }

        var before = saved.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var field in SettingFields.All)
        {
            var was = Under(before, field.Key);
            var will = Under(replacement.Rows, field.Key);
            if (was.Length == 0 && will.Length > 0)
            {
                plan.Added(BackupSections.Settings, field.Name);
            }
            else if (was.Length > 0 && will.Length == 0 && replacement.IsValid)
            {
                plan.Removed(BackupSections.Settings, [field.Name]);
            }
            else if (will.Length > 0)
            {
                plan.ChangedUnlessSame(BackupSections.Settings, field.Name, string.Join('\n', was), string.Join('\n', will));
            }
        }

        return [.. replacement.Rows.Select(r => new PanelSetting { Key = r.Key, Value = r.Value })];
    }

    /// <summary>The saved rows of one setting (a list's items too), in a stable order.</summary>
    private static string[] Under(IReadOnlyDictionary<string, string> rows, string key) =>
        [.. rows.Where(r => r.Key.Equals(key, StringComparison.OrdinalIgnoreCase) || r.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
            .Select(r => $"{r.Key.ToLowerInvariant()}={r.Value}").Order(StringComparer.Ordinal)];

    private string Json(object value) => JsonSerializer.Serialize(value, json.Value.SerializerOptions);

    /// <summary>Collects the changes and problems of one restore.</summary>
    private sealed class Planner
    {
        public List<RestoreChange> Changes { get; } = [];

        public List<RestoreProblem> Problems { get; } = [];

        public void Added(string section, string name) => Changes.Add(new RestoreChange(section, RestoreChangeKind.Added, name));

        public void Removed(string section, IEnumerable<string> names) =>
            Changes.AddRange(names.Select(n => new RestoreChange(section, RestoreChangeKind.Removed, n)));

        /// <param name="changedBesides">Changed whatever <paramref name="before"/> and <paramref name="after"/> say (a new secret).</param>
        public void ChangedUnlessSame(string section, string name, string before, string after, bool changedBesides = false)
        {
            if (changedBesides || !string.Equals(before, after, StringComparison.Ordinal))
            {
                Changes.Add(new RestoreChange(section, RestoreChangeKind.Changed, name));
            }
        }

        public void Refuse(string section, int? index, string item, IReadOnlyDictionary<string, string[]> errors) =>
            Problems.AddRange(errors.Select(e => new RestoreProblem(section, index, item, e.Key, string.Join(" ", e.Value))));

        /// <summary>Refused with the same messages coded too (when they are), for the panel's languages.</summary>
        public void Refuse(string section, int? index, string item, IReadOnlyDictionary<string, string[]> errors,
            IReadOnlyDictionary<string, ValidationMessage[]>? messages, string keyPrefix) =>
            Problems.AddRange(errors.Select(e => new RestoreProblem(section, index, item, e.Key, string.Join(" ", e.Value))
            {
                Said = messages?.GetValueOrDefault(e.Key) is { } said ? new RestoreWords(said, keyPrefix) : null,
            }));
    }

    [LoggerMessage(EventId = EventIds.ConfigurationRestored, Level = LogLevel.Information,
        Message = "Configuration restored from a backup: {Rules} rules, {Names} Dynamic DNS names, {Entries} blocklist entries, {Settings} saved setting values ({Changes} changes)")]
    private partial void LogRestored(int rules, int names, int entries, int settings, int changes);
}
