using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Text;

/// <summary>What a parser found, before validation: drafts with their lines, problems and notes.</summary>
internal sealed class ImportLog
{
    public List<(RuleDraft Draft, SourceLine Line)> Drafts { get; } = [];

    public List<ImportProblem> Problems { get; } = [];

    public List<ImportNote> Notes { get; } = [];

    public void Add(SourceLine line, RuleDraft draft) => Drafts.Add((draft, line));

    public void Refuse(SourceLine line, string reason) => Problems.Add(new ImportProblem(line.Number, line.Shown, reason));

    public void Note(SourceLine line, string note) => Notes.Add(new ImportNote(line.Number, line.Shown, note));

    public void Refuse(SourceLine line, ValidationMessage reason) =>
        Problems.Add(new ImportProblem(line.Number, line.Shown, reason.Text) { Said = reason });

    public void Note(SourceLine line, ValidationMessage note) => Notes.Add(new ImportNote(line.Number, line.Shown, note.Text) { Said = note });
}
