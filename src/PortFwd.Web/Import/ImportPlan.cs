using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import;

namespace PortFwd.Web.Import;

/// <summary>What an import adds (or would add), and what stands in the way.</summary>
/// <param name="Format">The format the text was read as.</param>
/// <param name="Rules">The rules the text gives that pass every check, in file order; stored (with ids) when <paramref name="Imported"/>.</param>
/// <param name="Problems">Every line that cannot be imported, with why; line 0 concerns the whole text.</param>
/// <param name="Notes">Lines skipped on purpose: they change nothing about what is forwarded.</param>
/// <param name="Imported">Whether the rules were stored.</param>
public sealed record ImportPlan(
    ImportFormat Format,
    IReadOnlyList<ImportRule> Rules,
    IReadOnlyList<ImportIssue> Problems,
    IReadOnlyList<ImportNote> Notes,
    bool Imported)
{
    /// <summary>Nothing is half-imported: only a text whose every line can be imported is, and it must give at least one rule.</summary>
    public bool CanImport => Problems.Count == 0 && Rules.Count > 0;

    /// <summary>The whole text was refused (empty, too large, no forwards in it), rather than some of its lines.</summary>
    public bool RefusedWhole => Problems.Any(p => p.Line == 0);
}

/// <summary>A rule an import gives, with the line it was read from.</summary>
/// <param name="Line">The 1-based line of the text (an frp proxy's section header).</param>
/// <param name="Text">That line, trimmed.</param>
/// <param name="Rule">The rule as validated and normalized.</param>
public sealed record ImportRule(int Line, string Text, ForwardingRule Rule)
{
    /// <summary>host:port, or host:first-last, as the rules table writes a target.</summary>
    public string Target => $"{Rule.InternalHostForPort}:{Rule.InternalPorts}";
}

/// <summary>Why a line cannot be imported.</summary>
/// <param name="Line">The 1-based line; 0 for the whole text.</param>
/// <param name="Text">That line, trimmed.</param>
/// <param name="Field">The rule field that failed validation or clashes (<see cref="RuleFields"/>); null for what the reader refused.</param>
/// <param name="Message">Why, in words the user can act on.</param>
public sealed record ImportIssue(int Line, string Text, string? Field, string Message)
{
    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages; null when it has none.</summary>
    public ValidationMessage? Said { get; init; }
}
