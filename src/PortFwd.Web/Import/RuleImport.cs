using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Rules;
using PortFwd.Import;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Import;

/// <summary>
/// Turns another tool's configuration into rules: read by <see cref="RuleImporter"/>, named uniquely next to the saved
/// rules, then checked exactly as <c>POST /api/rules</c> checks one rule (the same validator and context, conflicts with
/// saved rules and with each other) and stored all or none. The API and the Import page both go through here.
/// </summary>
public sealed class RuleImport(RuleStore store, PanelPorts panel)
{
    /// <summary>What importing the text would add, and every line that stands in the way. Changes nothing.</summary>
    /// <param name="format">Which tool's text it is.</param>
    /// <param name="text">The text.</param>
    /// <param name="word">How the new rules' own text (descriptions) is written: the panel's language; null for English (the API).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public Task<ImportPlan> PreviewAsync(ImportFormat format, string? text, Func<ValidationMessage, string>? word, CancellationToken cancellationToken) =>
        RunAsync(format, text, word, apply: false, cancellationToken);

    /// <summary>
    /// Adds every rule of the text in one transaction when nothing stands in the way (<see cref="ImportPlan.CanImport"/>);
    /// otherwise adds nothing and says why. The relay and the router follow the new rules as they follow any saved rule.
    /// </summary>
    /// <param name="format">Which tool's text it is.</param>
    /// <param name="text">The text.</param>
    /// <param name="word">How the new rules' own text (descriptions) is written: the panel's language; null for English (the API).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public Task<ImportPlan> ApplyAsync(ImportFormat format, string? text, Func<ValidationMessage, string>? word, CancellationToken cancellationToken) =>
        RunAsync(format, text, word, apply: true, cancellationToken);

    private async Task<ImportPlan> RunAsync(ImportFormat format, string? text, Func<ValidationMessage, string>? word, bool apply, CancellationToken ct)
    {
        var parsed = RuleImporter.Parse(format, text, word);
        var sources = parsed.Rules;
        var drafts = UniquelyNamed(sources, await store.GetAllAsync(ct));
        var items = await WithContextsAsync(drafts, ct);

        var problems = parsed.Problems.Select(p => new ImportIssue(p.Line, p.Text, null, p.Reason) { Said = p.Said }).ToList();
        var canApply = apply && problems.Count == 0;
        var checkedRules = canApply ? await store.CreateAllAsync(items, format.ToString().ToLowerInvariant(), ct) : await store.CheckAllAsync(items, ct);
        foreach (var error in checkedRules.Errors)
        {
            var source = sources[error.Index];
            var name = drafts[error.Index].Name ?? "";
            problems.AddRange(error.Error.FieldErrors.Select(field =>
                new ImportIssue(source.Line, source.Text, field.Key, $"\"{name}\": {string.Join(" ", field.Value)}")
                {
                    Said = error.Error.FieldMessages?.GetValueOrDefault(field.Key) is { Length: > 0 } said ? ImportMessages.NamedRule.With(name, ImportMessages.Joined(said)) : null,
                }));
        }

        // The batch's rules are those without an error, in order.
        var failed = checkedRules.Errors.Select(e => e.Index).ToHashSet();
        var rules = Enumerable.Range(0, sources.Count).Where(i => !failed.Contains(i))
            .Select((index, n) => new ImportRule(sources[index].Line, sources[index].Text, checkedRules.Rules[n])).ToList();
        return new ImportPlan(
            format,
            rules,
            [.. problems.OrderBy(p => p.Line)],
            parsed.Notes,
            Imported: canApply && checkedRules.IsSuccess);
    }

    /// <summary>
    /// Each draft with the context a single rule is saved with. The machine's addresses are read once, and each target host
    /// name looked up once, all names at the same time: a file of names waits for the slowest lookup, not for their sum.
    /// </summary>
    private async Task<List<RuleBatchItem>> WithContextsAsync(List<RuleDraft> drafts, CancellationToken ct)
    {
        var plain = panel.ValidationContext();
        var named = drafts.Where(d => RuleValidator.HostNameToResolve(d) is not null)
            .GroupBy(d => RuleValidator.HostNameToResolve(d)!, StringComparer.Ordinal)
            .Select(async group => (Name: group.Key, Context: await panel.ValidationContextAsync(group.First(), ct)));
        var resolved = (await Task.WhenAll(named)).ToDictionary(n => n.Name, n => n.Context, StringComparer.Ordinal);
        return [.. drafts.Select(d => new RuleBatchItem(d, RuleValidator.HostNameToResolve(d) is { } name ? resolved[name] : plain))];
    }

    /// <summary>
    /// The drafts, renamed where needed: a name a saved rule (or an earlier draft) already has gets " (2)", " (3)"..., so
    /// importing the same file again next to its disabled rules still tells them apart. The drafts are this call's own.
    /// </summary>
    private static List<RuleDraft> UniquelyNamed(IReadOnlyList<ImportedRule> sources, IReadOnlyList<ForwardingRule> saved)
    {
        var taken = new HashSet<string>(saved.Select(r => r.Name), StringComparer.OrdinalIgnoreCase);
        var drafts = new List<RuleDraft>(sources.Count);
        foreach (var source in sources)
        {
            var draft = source.Draft;
            var name = (draft.Name ?? "").Trim();
            for (var n = 2; !taken.Add(name) && n < 10_000; n++)
            {
                var suffix = $" ({n})";
                var stem = (draft.Name ?? "").Trim();
                name = (stem.Length + suffix.Length > RuleLimits.MaxNameLength ? stem[..(RuleLimits.MaxNameLength - suffix.Length)] : stem) + suffix;
            }

            draft.Name = name;
            drafts.Add(draft);
        }

        return drafts;
    }
}
