using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import;

/// <summary>
/// What an import found: rules ready to be created, lines that could not be imported (with why), and lines skipped
/// on purpose because they change nothing about what is forwarded (log files, pid files, other tables).
/// </summary>
public sealed class ImportResult
{
    public ImportResult(IReadOnlyList<ImportedRule> rules, IReadOnlyList<ImportProblem> problems, IReadOnlyList<ImportNote> notes)
    {
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        Problems = problems ?? throw new ArgumentNullException(nameof(problems));
        Notes = notes ?? throw new ArgumentNullException(nameof(notes));
    }

    /// <summary>Drafts that passed <see cref="RuleValidator"/> and clash with no other draft of the same import, in file order.</summary>
    public IReadOnlyList<ImportedRule> Rules { get; }

    /// <summary>Lines that could not be imported, in file order; line 0 concerns the whole text.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }

    /// <summary>Lines skipped because PortFwd needs nothing from them, in file order.</summary>
    public IReadOnlyList<ImportNote> Notes { get; }
}

/// <summary>A rule read from one line (or one section) of the imported text.</summary>
/// <param name="Draft">The rule as the API would receive it; its name says where it came from.</param>
/// <param name="Line">The 1-based line it was read from (an frp proxy's section header).</param>
/// <param name="Text">That line, trimmed (long lines are shortened).</param>
public sealed record ImportedRule(RuleDraft Draft, int Line, string Text);

/// <summary>A line that could not be imported.</summary>
/// <param name="Line">The 1-based line; 0 when the problem concerns the whole text.</param>
/// <param name="Text">That line, trimmed (long lines are shortened).</param>
/// <param name="Reason">Why, in words the user can act on.</param>
public sealed record ImportProblem(int Line, string Text, string Reason)
{
    /// <summary>The same as <see cref="Reason"/>, with its code and values, for the panel's languages; null when it has none.</summary>
    public ValidationMessage? Said { get; init; }
}

/// <summary>A line skipped on purpose: it does not change what is forwarded, or PortFwd does it its own way.</summary>
public sealed record ImportNote(int Line, string Text, string Note)
{
    /// <summary>The same as <see cref="Note"/>, with its code and values, for the panel's languages; null when it has none.</summary>
    public ValidationMessage? Said { get; init; }
}
