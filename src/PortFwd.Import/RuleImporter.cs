using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Frp;
using PortFwd.Import.Iptables;
using PortFwd.Import.Nftables;
using PortFwd.Import.Rinetd;
using PortFwd.Import.Text;

namespace PortFwd.Import;

/// <summary>
/// Reads another tool's port forwards into rule drafts. Each draft is checked with <see cref="RuleValidator"/> (what
/// needs no database: not the panel's ports, not the rules already saved) and against the other drafts of the same
/// text; what fails becomes a problem naming its line. Never throws: any text, however broken, gives a result.
/// </summary>
public static class RuleImporter
{
    /// <summary>A config file this big is not a config file; larger text is refused whole rather than cut.</summary>
    public const int MaxChars = 1024 * 1024;

    public const int MaxLines = 10_000;

    /// <param name="format">Which tool's text it is.</param>
    /// <param name="text">The text of its configuration.</param>
    /// <param name="word">
    /// How the text the new rules keep (their descriptions, an unnamed frp proxy's name) is written, in the language of
    /// whoever imports (the panel's); null writes the English, as the API does. Problems and notes keep their codes either way.
    /// </param>
    public static ImportResult Parse(ImportFormat format, string? text, Func<ValidationMessage, string>? word = null)
    {
        var log = new ImportLog(word);
        if (string.IsNullOrWhiteSpace(text))
        {
            log.Refuse(SourceLine.Whole, ImportMessages.Empty.With(SourceName(format)));
            return Finish(log, format);
        }

        if (text.Length > MaxChars)
        {
            log.Refuse(SourceLine.Whole, ImportMessages.TooLarge.With(text.Length, MaxChars));
            return Finish(log, format);
        }

        var lines = SourceLine.Split(text);
        if (lines.Count > MaxLines)
        {
            log.Refuse(SourceLine.Whole, ImportMessages.TooManyLines.With(lines.Count, MaxLines));
            return Finish(log, format);
        }

        try
        {
            Read(format, lines, log);
        }
#pragma warning disable CA1031 // The promise is a result for any text: a parser bug must show as a problem, not as a failed request.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            log.Drafts.Clear();
            log.Refuse(SourceLine.Whole, ImportMessages.Failed.With(ex.GetType().Name));
        }

        return Finish(log, format);
    }

    /// <summary>How the problem a parser bug leaves starts (tests check that no input ever reaches it).</summary>
    internal const string InternalErrorPrefix = "The importer failed on this text";

    /// <summary>How each format names itself in descriptions and messages.</summary>
    internal static object SourceName(ImportFormat format) => format switch
    {
        ImportFormat.Rinetd => "rinetd.conf",
        ImportFormat.Frpc => ImportMessages.FrpcFiles.With(),
        ImportFormat.Iptables => ImportMessages.IptablesSave.With(),
        ImportFormat.Nftables => ImportMessages.NftRuleset.With(),
        _ => format.ToString(),
    };

    private static void Read(ImportFormat format, List<SourceLine> lines, ImportLog log)
    {
        switch (format)
        {
            case ImportFormat.Rinetd:
                RinetdParser.Read(lines, log);
                break;
            case ImportFormat.Frpc:
                FrpcParser.Read(lines, log);
                break;
            case ImportFormat.Iptables:
                IptablesParser.Read(lines, log);
                break;
            case ImportFormat.Nftables:
                NftablesParser.Read(lines, log);
                break;
            default:
                log.Refuse(SourceLine.Whole, ImportMessages.UnknownFormat.With((int)format, string.Join(", ", ImportFormatNames.All)));
                break;
        }
    }

    private static ImportResult Finish(ImportLog log, ImportFormat format)
    {
        var rules = new List<ImportedRule>();
        var accepted = new List<ForwardingRule>();
        foreach (var (draft, line) in log.Drafts)
        {
            var result = RuleValidator.Validate(draft);
            if (!result.IsSuccess)
            {
                // The validator codes its messages; one it did not still reads as its English, framed like the others.
                var said = result.Error!.FieldMessages?.Values.SelectMany(m => m) ?? result.Errors.SelectMany(e => e.Value).Select(ValidationMessage.Plain);
                log.Refuse(line, ImportMessages.NamedRule.With(draft.Name ?? "", ImportMessages.Joined(said)));
                continue;
            }

            if (RuleConflicts.Find(result.Value, accepted) is { } conflict)
            {
                log.Refuse(line, ImportMessages.NamedRule.With(draft.Name ?? "", conflict.Said));
                continue;
            }

            accepted.Add(result.Value);
            rules.Add(new ImportedRule(draft, line.Number, line.Shown));
        }

        if (rules.Count == 0 && log.Problems.Count == 0)
        {
            log.Refuse(SourceLine.Whole, ImportMessages.NothingFound.With(SourceName(format)));
        }

        return new ImportResult(
            rules,
            [.. log.Problems.OrderBy(p => p.Line)],
            [.. log.Notes.OrderBy(n => n.Line)]);
    }
}
