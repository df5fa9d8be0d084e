using PortFwd.Import.Text;

namespace PortFwd.Import.Nftables;

/// <summary>
/// <c>nft list ruleset</c> output: tables, chains and sets in braces, one rule a line. The dnat and redirect rules of
/// chains with <c>type nat hook prerouting</c>, and of the chains they jump to, become rules; other nat chains are
/// noted (masquerade, output), filter chains are skipped.
/// </summary>
internal static class NftablesParser
{
    private const string Source = "nft list ruleset";

    private sealed class Chain(SourceLine line, string table, string name)
    {
        public SourceLine Line { get; } = line;

        public string Table { get; } = table;

        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Hook { get; set; }

        public List<SourceLine> Rules { get; } = [];

        public bool IsNatPrerouting => Type == "nat" && Hook == "prerouting";
    }

    public static void Read(List<SourceLine> lines, ImportLog log)
    {
        var chains = ReadBlocks(lines, log);
        var reached = Reached(chains);
        foreach (var chain in chains)
        {
            foreach (var rule in chain.Rules)
            {
                var text = Uncommented(rule.Content);
                if (chain.Name.StartsWith("DOCKER", StringComparison.Ordinal) && (text.Contains("dnat", StringComparison.Ordinal) || text.Contains("redirect", StringComparison.Ordinal)))
                {
                    log.Note(rule, ImportMessages.DockerPublishes.With());
                }
                else if (reached.Contains(chain))
                {
                    NftRule.Read(rule, text, Source, log);
                }
                else if (text.Contains("masquerade", StringComparison.Ordinal) || text.Contains("snat", StringComparison.Ordinal))
                {
                    log.Note(rule, ImportMessages.NftMasquerade.With());
                }
                else if (text.Contains("dnat", StringComparison.Ordinal) || text.Contains("redirect", StringComparison.Ordinal))
                {
                    log.Note(rule, ImportMessages.NftNotPrerouting.With(chain.Name));
                }
            }
        }
    }

    /// <summary>Drops "# handle 12" and other trailing comments (outside quotes).</summary>
    internal static string Uncommented(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == '#' && !quoted)
            {
                return line[..i].Trim();
            }
        }

        return line.Trim();
    }

    private static List<Chain> ReadBlocks(List<SourceLine> lines, ImportLog log)
    {
        var chains = new List<Chain>();
        var stack = new Stack<(string Kind, string Name)>();
        string? table = null;
        foreach (var line in lines)
        {
            var text = Uncommented(line.Content);
            if (text.Length == 0)
            {
                continue;
            }

            var opens = text.Count(c => c == '{');
            var closes = text.Count(c => c == '}');
            var inChain = stack.Count > 0 && stack.Peek().Kind == "chain";
            if (text.EndsWith('{') && opens == closes + 1)
            {
                var words = Tokens.Split(text[..^1]);
                var kind = words.Count > 0 ? words[0] : "";
                if (kind == "table" && stack.Count == 0)
                {
                    table = string.Join(' ', words.Skip(1));
                }
                else if (kind == "chain" && words.Count == 2 && stack.Count == 1 && table is not null)
                {
                    chains.Add(new Chain(line, table, words[1]));
                }
                else if (stack.Count == 0)
                {
                    log.Refuse(line, ImportMessages.NftTopNotTable.With());
                }

                stack.Push((kind, words.Count > 1 ? words[^1] : ""));
                continue;
            }

            if (inChain && opens == closes)
            {
                ReadChainLine(chains[^1], line, text);
                continue;
            }

            if (stack.Count == 0 && opens == closes)
            {
                log.Refuse(line, ImportMessages.NftOutsideTable.With());
                continue;
            }

            // Set elements over several lines, closing braces.
            for (var i = 0; i < opens - closes; i++)
            {
                stack.Push(("", ""));
            }

            for (var i = 0; i < closes - opens && stack.Count > 0; i++)
            {
                stack.Pop();
            }
        }

        return chains;
    }

    private static void ReadChainLine(Chain chain, SourceLine line, string text)
    {
        if (text.StartsWith("type ", StringComparison.Ordinal))
        {
            // type nat hook prerouting priority dstnat; policy accept;
            var words = Tokens.Split(text.Replace(";", " ; ", StringComparison.Ordinal));
            chain.Type = words.Count > 1 ? words[1] : null;
            var hook = words.IndexOf("hook");
            chain.Hook = hook >= 0 && hook + 1 < words.Count ? words[hook + 1] : null;
        }
        else if (!text.StartsWith("policy ", StringComparison.Ordinal))
        {
            chain.Rules.Add(line);
        }
    }

    /// <summary>The nat prerouting chains and every chain of the same table they jump or go to.</summary>
    private static HashSet<Chain> Reached(List<Chain> chains)
    {
        var reached = chains.Where(c => c.IsNatPrerouting).ToHashSet();
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var chain in reached.ToList())
            {
                foreach (var rule in chain.Rules)
                {
                    var words = Tokens.Split(Uncommented(rule.Content));
                    var at = words.FindIndex(w => w is "jump" or "goto");
                    if (at >= 0 && at + 1 < words.Count
                        && chains.FirstOrDefault(c => c.Table == chain.Table && c.Name == words[at + 1]) is { } target && reached.Add(target))
                    {
                        grew = true;
                    }
                }
            }
        }

        return reached;
    }
}
