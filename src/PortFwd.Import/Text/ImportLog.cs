using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Text;

/// <summary>
/// What a parser found, before validation: drafts with their lines, problems and notes. Problems and notes are coded
/// messages only, so the panel can say each in its language.
/// </summary>
/// <param name="word">How text that is saved with a rule is written (see <see cref="Word"/>); null for English.</param>
internal sealed class ImportLog(Func<ValidationMessage, string>? word = null)
{
    public List<(RuleDraft Draft, SourceLine Line)> Drafts { get; } = [];

    public List<ImportProblem> Problems { get; } = [];

    public List<ImportNote> Notes { get; } = [];

    /// <summary>
    /// Text a rule keeps once it is saved (its description, the name the import gives it), written now in the language of
    /// whoever imports: it is the user's own text from then on, not a message said again in each language.
    /// </summary>
    public string Word(ValidationMessage text) => word is null ? text.Text : word(text);

    public void Add(SourceLine line, RuleDraft draft) => Drafts.Add((draft, line));

    public void Refuse(SourceLine line, ValidationMessage reason) =>
        Problems.Add(new ImportProblem(line.Number, line.Shown, reason.Text) { Said = reason });

    public void Note(SourceLine line, ValidationMessage note) => Notes.Add(new ImportNote(line.Number, line.Shown, note.Text) { Said = note });
}
