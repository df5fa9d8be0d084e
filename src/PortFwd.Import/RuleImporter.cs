using PortFwd.Core.Rules;
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

    public static ImportResult Parse(ImportFormat format, string? text)
    {
        var log = new ImportLog();
        if (string.IsNullOrWhiteSpace(text))
        {
            log.Refuse(SourceLine.Whole, $"The text is empty; paste the contents of {SourceName(format)}.");
            return Finish(log, format);
        }

        if (text.Length > MaxChars)
        {
            log.Refuse(SourceLine.Whole, $"The text is {text.Length:N0} characters; an import takes at most {MaxChars:N0} (1 MiB). Import the file in parts.");
            return Finish(log, format);
        }

        var lines = SourceLine.Split(text);
        if (lines.Count > MaxLines)
        {
            log.Refuse(SourceLine.Whole, $"The text has {lines.Count:N0} lines; an import takes at most {MaxLines:N0}. Import the file in parts.");
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
            log.Refuse(SourceLine.Whole, $"{InternalErrorPrefix} ({ex.GetType().Name}); nothing was imported. Please report it with the text.");
        }

        return Finish(log, format);
    }

    /// <summary>How the problem a parser bug leaves starts (tests check that no input ever reaches it).</summary>
    internal const string InternalErrorPrefix = "The importer failed on this text";

    /// <summary>How each format names itself in descriptions and messages.</summary>
    internal static string SourceName(ImportFormat format) => format switch
    {
        ImportFormat.Rinetd => "rinetd.conf",
        ImportFormat.Frpc => "frpc.toml or frpc.ini",
        ImportFormat.Iptables => "iptables-save output",
        ImportFormat.Nftables => "nft list ruleset output",
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
                log.Refuse(SourceLine.Whole, $"Unknown import format {(int)format}; choose one of {string.Join(", ", ImportFormatNames.All)}.");
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
                log.Refuse(line, $"\"{draft.Name}\": " + string.Join(" ", result.Errors.SelectMany(e => e.Value)));
                continue;
            }

            if (RuleConflicts.Find(result.Value, accepted) is { } conflict)
            {
                log.Refuse(line, $"\"{draft.Name}\": {conflict.Message}");
                continue;
            }

            accepted.Add(result.Value);
            rules.Add(new ImportedRule(draft, line.Number, line.Shown));
        }

        if (rules.Count == 0 && log.Problems.Count == 0)
        {
            log.Refuse(SourceLine.Whole, $"Found no port forwards in this text; is it {SourceName(format)}?");
        }

        return new ImportResult(
            rules,
            [.. log.Problems.OrderBy(p => p.Line)],
            [.. log.Notes.OrderBy(n => n.Line)]);
    }
}
