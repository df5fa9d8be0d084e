using System.Text.RegularExpressions;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>A line of frpc.toml after range templates were unrolled: which range it belongs to, and whether a range filled it in.</summary>
internal readonly record struct FrpLine(SourceLine Line, int RangeCount = 1, bool FromRange = false);

/// <summary>
/// frp 0.56's port range blocks: <c>{{- range $_, $v := parseNumberRangePair "6000-6006,6007" "6000-6006,6007" }}</c> ...
/// <c>{{- end }}</c> (or <c>parseNumberRange</c> with one list), which frpc unrolls into one proxy per port. PortFwd
/// holds a range in one rule, so the block is unrolled into one proxy per run of ports that count up together on
/// both sides; a run's name gets the run's ports ("tcp-6000-6007").
/// </summary>
internal static partial class FrpRangeTemplate
{
    /// <summary>More numbers than there are ports means a mistake (or "1-999999999"), not a config.</summary>
    private const int MaxNumbers = 65536;

    [GeneratedRegex("""^\{\{-?\s*range\s+(?:\$\w+\s*,\s*)?\$(?<var>\w+)\s*:=\s*(?<fn>parseNumberRangePair|parseNumberRange)\s+"(?<a>[^"]*)"(?:\s+"(?<b>[^"]*)")?\s*-?\}\}$""")]
    private static partial Regex RangeStart();

    [GeneratedRegex("""^\{\{-?\s*end\s*-?\}\}$""")]
    private static partial Regex RangeEnd();

    public static List<FrpLine> Expand(List<SourceLine> lines, ImportLog log)
    {
        var expanded = new List<FrpLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var match = RangeStart().Match(lines[i].Content.Trim());
            if (!match.Success)
            {
                expanded.Add(new FrpLine(lines[i]));
                continue;
            }

            var end = lines.FindIndex(i + 1, l => RangeEnd().IsMatch(l.Content.Trim()));
            if (end < 0)
            {
                log.Refuse(lines[i], ImportMessages.FrpRangeNoEnd.With());
                return expanded;
            }

            Unroll(lines[i], match, lines.GetRange(i + 1, end - i - 1), expanded, log);
            i = end;
        }

        return expanded;
    }

    private static void Unroll(SourceLine start, Match match, List<SourceLine> body, List<FrpLine> expanded, ImportLog log)
    {
        var pair = match.Groups["fn"].Value == "parseNumberRangePair";
        if (pair != match.Groups["b"].Success)
        {
            log.Refuse(start, pair ? ImportMessages.FrpRangePairTakesTwo.With() : ImportMessages.FrpRangeTakesOne.With());
            return;
        }

        if (!TryNumbers(match.Groups["a"].Value, out var firsts, out var problem)
            || !TryNumbers(pair ? match.Groups["b"].Value : match.Groups["a"].Value, out var seconds, out problem))
        {
            log.Refuse(start, problem);
            return;
        }

        if (firsts.Count != seconds.Count)
        {
            log.Refuse(start, ImportMessages.FrpRangeCounts.With(firsts.Count, seconds.Count));
            return;
        }

        var variable = Regex.Escape(match.Groups["var"].Value);
        var first = new Regex(pair ? $$"""\{\{-?\s*\${{variable}}\.First\s*-?\}\}""" : $$"""\{\{-?\s*\${{variable}}\s*-?\}\}""");
        var second = pair ? new Regex($$"""\{\{-?\s*\${{variable}}\.Second\s*-?\}\}""") : null;
        foreach (var (firstPort, secondPort, count) in PortText.Runs([.. firsts.Zip(seconds)]))
        {
            foreach (var line in body)
            {
                var isName = line.Content.TrimStart().StartsWith("name", StringComparison.Ordinal);
                var text = first.Replace(line.Content, _ => Shown(firstPort, count, isName));
                if (second is not null)
                {
                    text = second.Replace(text, _ => Shown(secondPort, count, isName));
                }

                expanded.Add(new FrpLine(line with { Content = text }, count, text != line.Content));
            }
        }
    }

    /// <summary>In a name the whole run ("6000-6007"); elsewhere the run's first port.</summary>
    private static string Shown(int port, int count, bool isName) => isName && count > 1 ? $"{port}-{port + count - 1}" : $"{port}";

    private static bool TryNumbers(string text, out List<int> numbers, out ValidationMessage problem)
    {
        numbers = [];
        problem = ValidationMessage.Plain("");
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!PortText.TryRange(part, '-', out var range) || range.End > 65535 || numbers.Count + range.Count > MaxNumbers)
            {
                problem = ImportMessages.FrpRangeNotAPort.With(part, text);
                return false;
            }

            for (var port = range.Start; port <= range.End; port++)
            {
                numbers.Add(port);
            }
        }

        return true;
    }
}
