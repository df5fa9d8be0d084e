using PortFwd.Core.Rules;
using PortFwd.Import.Text;

namespace PortFwd.Import.Iptables;

/// <summary>
/// <c>iptables-save</c> / <c>ip6tables-save</c> output (and pasted <c>iptables -t nat -A PREROUTING ...</c> commands):
/// DNAT and REDIRECT rules of the nat table's PREROUTING chain, and of the chains it jumps to, become rules. Other
/// tables and chains forward nothing from outside and are noted; Docker's chains are Docker's own.
/// </summary>
internal static class IptablesParser
{
    private const string Source = "iptables-save";

    /// <summary>Targets iptables itself provides; any other -j names a chain.</summary>
    internal static readonly HashSet<string> Builtin = new(StringComparer.Ordinal)
    {
        "ACCEPT", "DROP", "REJECT", "RETURN", "QUEUE", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP", "LOG", "NFLOG",
        "MARK", "CONNMARK", "TPROXY", "CT", "NOTRACK", "TRACE", "CLASSIFY", "DSCP", "TOS", "TTL", "HL", "SET", "AUDIT",
    };

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft",
    };

    private sealed record NatRule(SourceLine Line, string Chain, List<string> Words)
    {
        public string? Target => Value("-j", "--jump") ?? Value("-g", "--goto");

        private string? Value(string shortName, string longName)
        {
            var at = Words.FindIndex(w => w == shortName || w == longName);
            return at >= 0 && at + 1 < Words.Count ? Words[at + 1] : null;
        }
    }

    public static void Read(List<SourceLine> lines, ImportLog log)
    {
        var rules = new List<NatRule>();
        string? table = null;
        foreach (var line in lines)
        {
            var text = line.Content.Trim();
            if (text.Length == 0 || text[0] == '#' || text[0] == ':')
            {
                continue;
            }

            if (text[0] == '*')
            {
                table = text[1..].Trim();
                if (table != "nat")
                {
                    log.Note(line, ImportMessages.OtherTableSkipped.With(table));
                }

                continue;
            }

            if (text == "COMMIT")
            {
                table = null;
                continue;
            }

            if (ReadLine(line, Tokens.Split(text), table, log) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var reached = Reached(rules);
        foreach (var rule in rules)
        {
            if (rule.Chain.StartsWith("DOCKER", StringComparison.Ordinal))
            {
                log.Note(rule.Line, ImportMessages.DockerPublishes.With());
            }
            else if (!reached.Contains(rule.Chain))
            {
                log.Note(rule.Line, rule.Target is "MASQUERADE" or "SNAT"
                    ? ImportMessages.IptablesRewritesSource.With(rule.Target)
                    : ImportMessages.IptablesChainUnreached.With(rule.Chain));
            }
            else
            {
                IptablesRule.Read(rule.Line, rule.Words, Source, log);
            }
        }
    }

    /// <summary>A rule of the nat table (its words after the chain name), or null for anything else.</summary>
    private static NatRule? ReadLine(SourceLine line, List<string> words, string? table, ImportLog log)
    {
        if (words.Count > 0 && words[0].StartsWith('[') && words[0].EndsWith(']'))
        {
            words.RemoveAt(0); // iptables-save -c: [packets:bytes]
        }

        if (words.Count > 0 && words[0] == "sudo")
        {
            words.RemoveAt(0);
        }

        var command = words.Count > 0 && Commands.Contains(words[0]);
        if (command)
        {
            words.RemoveAt(0);
            var at = words.FindIndex(w => w is "-t" or "--table");
            table = "filter";
            if (at >= 0 && at + 1 < words.Count)
            {
                table = words[at + 1];
                words.RemoveRange(at, 2);
            }
        }

        if (words.Count == 0 || words[0] is not ("-A" or "--append" or "-I" or "--insert"))
        {
            if (words.Count == 0 || words[0] is not ("-N" or "--new-chain" or "-P" or "--policy" or "-F" or "--flush" or "-X" or "--delete-chain" or "-Z"))
            {
                log.Refuse(line, ImportMessages.IptablesNotARule.With());
            }

            return null;
        }

        if (table is null)
        {
            log.Refuse(line, ImportMessages.IptablesNoTable.With());
            return null;
        }

        if (table != "nat" || words.Count < 2)
        {
            if (command)
            {
                log.Note(line, ImportMessages.OtherTableRuleSkipped.With(table));
            }

            return null;
        }

        var options = words.Skip(2).ToList();
        if (words[0] is "-I" or "--insert" && options.Count > 0 && options[0].All(char.IsAsciiDigit))
        {
            options.RemoveAt(0);
        }

        return new NatRule(line, words[1], options);
    }

    /// <summary>PREROUTING and every chain it jumps to, directly or through others.</summary>
    private static HashSet<string> Reached(List<NatRule> rules)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { "PREROUTING" };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var rule in rules)
            {
                if (reached.Contains(rule.Chain) && rule.Target is { } target && !Builtin.Contains(target) && reached.Add(target))
                {
                    grew = true;
                }
            }
        }

        return reached;
    }
}
