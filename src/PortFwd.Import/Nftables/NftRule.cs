using PortFwd.Core.Rules;
using PortFwd.Import.Text;

namespace PortFwd.Import.Nftables;

/// <summary>One rule of a nat prerouting chain, read word by word into a <see cref="DnatForward"/> or refused.</summary>
internal sealed class NftRule
{
    private readonly DnatForward _forward = new();
    private readonly List<string> _words;
    private int _at;
    private string? _transport;
    private List<string>? _l4protocols;
    private string? _statement;

    private NftRule(List<string> words) => _words = words;

    public static void Read(SourceLine line, string text, string source, ImportLog log)
    {
        var rule = new NftRule(Group(Tokens.Split(text)));
        if (rule.ReadWords() is { } problem)
        {
            log.Refuse(line, problem);
            return;
        }

        switch (rule._statement)
        {
            case "dnat" or "redirect":
                if (rule.Protocol() is { } protocolProblem)
                {
                    log.Refuse(line, protocolProblem);
                    return;
                }

                rule._forward.Redirect = rule._statement == "redirect";
                rule._forward.Emit(line, "nft", source, log);
                break;
            case "jump" or "goto":
                break; // the chain it goes to is read on its own
            case null:
                log.Note(line, ImportMessages.NftForwardsNothing.With());
                break;
            default:
                log.Refuse(line, ImportMessages.NftNotAForward.With(rule._statement ?? ""));
                break;
        }
    }

    /// <summary>nft prints sets as "{ 80, 443 }"; each becomes one word "{80,443}".</summary>
    private static List<string> Group(List<string> words)
    {
        var grouped = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] != "{")
            {
                grouped.Add(words[i]);
                continue;
            }

            var end = words.IndexOf("}", i);
            if (end < 0)
            {
                grouped.Add(words[i]);
                continue;
            }

            grouped.Add("{" + string.Concat(words.Skip(i + 1).Take(end - i - 1)) + "}");
            i = end;
        }

        return grouped;
    }

    private static List<string> Elements(string value) =>
        value.StartsWith('{') && value.EndsWith('}')
            ? [.. value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [value];

    private string Next() => _at + 1 < _words.Count ? _words[++_at] : "";

    /// <summary>The value after a match, and whether it was negated ("!=").</summary>
    private (string Value, bool Negated) Operand()
    {
        var value = Next();
        return value is "!=" ? (Next(), true) : value is "==" ? (Next(), false) : (value, false);
    }

    private string? ReadWords()
    {
        for (_at = 0; _at < _words.Count; _at++)
        {
            var word = _words[_at];
            var problem = word switch
            {
                "iifname" or "iif" => Interface(),
                "oifname" or "oif" => Skip(1),
                "ip" or "ip6" => Address(word),
                "tcp" or "udp" or "th" => Port(word),
                "meta" => Meta(),
                "fib" => Skip(3),
                "ct" => Skip(2),
                "counter" => Counter(),
                "comment" => Comment(),
                "dnat" or "redirect" => Statement(word),
                "jump" or "goto" => Jump(word),
                "masquerade" or "snat" or "accept" or "return" or "drop" => Stop(word),
                _ => $"\"{word}\" is not something the import reads in a nat rule; it may narrow what is forwarded, so the rule is left for you to add by hand.",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private string? Skip(int count)
    {
        _at = Math.Min(_at + count, _words.Count);
        return null;
    }

    private string? Interface()
    {
        var (name, negated) = Operand();
        _forward.Interface = negated ? null : name.Trim('"');
        return null;
    }

    private string? Address(string family)
    {
        var field = Next();
        var (value, negated) = Operand();
        if (value.StartsWith('@'))
        {
            return $"{family} {field} {value} reads the named set {value[1..]}, which the import does not follow; write its addresses into the rule.";
        }

        switch (field)
        {
            case "saddr" when negated:
                return $"It forwards for everyone but {value}; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for those sources.";
            case "saddr":
                _forward.Sources.AddRange(Elements(value).Where(s => !Drafts.IsAnyone(s)));
                return null;
            case "daddr" when negated || value.StartsWith('{'):
                return $"It matches traffic to {(negated ? "every address but " : "")}{value}; a PortFwd rule listens on one address or on all.";
            case "daddr":
                _forward.Destination = value;
                return null;
            case "protocol" or "nexthdr":
                _l4protocols = negated ? ["!"] : Elements(value);
                return null;
            default:
                return $"{family} {field} is not something the import reads in a nat rule; the rule is left for you to add by hand.";
        }
    }

    private string? Port(string transport)
    {
        var field = Next();
        var (value, negated) = Operand();
        if (field == "sport")
        {
            return $"It matches the client's source port ({value}); PortFwd forwards by the port connected to, from any source port.";
        }

        if (field != "dport")
        {
            return $"{transport} {field} is not something the import reads in a nat rule; the rule is left for you to add by hand.";
        }

        if (negated)
        {
            return $"It forwards every port but {value}; PortFwd forwards the ports it lists.";
        }

        if (value.StartsWith('@'))
        {
            return $"dport {value} reads the named set {value[1..]}, which the import does not follow; write its ports into the rule.";
        }

        _transport = transport;
        foreach (var element in Elements(value))
        {
            if (!PortText.TryRange(element, '-', out var range))
            {
                return $"\"{element}\" is not a port or a range like 8000-8010.";
            }

            _forward.Ports.Add(range);
        }

        return null;
    }

    private string? Meta()
    {
        var key = Next();
        switch (key)
        {
            case "l4proto":
                var (value, negated) = Operand();
                _l4protocols = negated ? ["!"] : Elements(value);
                return null;
            case "nfproto":
                Operand();
                return null;
            case "iifname" or "iif":
                return Interface();
            default:
                return $"meta {key} is not something the import reads in a nat rule; the rule is left for you to add by hand.";
        }
    }

    private string? Counter()
    {
        while (_at + 2 < _words.Count && _words[_at + 1] is "packets" or "bytes")
        {
            _at += 2;
        }

        return null;
    }

    private string? Comment()
    {
        _forward.Comment = Next();
        return null;
    }

    private string? Statement(string word)
    {
        if (_statement is not null)
        {
            return $"It has both {_statement} and {word}; the import reads one forward a rule.";
        }

        _statement = word;
        var next = Next();
        if (next is "ip" or "ip6")
        {
            next = Next();
        }

        if (next != "to")
        {
            return word == "redirect" && next.Length == 0 ? null : $"\"{word} {next}\" is a form the import does not read (maps, or options); add the rule by hand.";
        }

        var target = Next();
        if (_at + 1 < _words.Count && _words[_at + 1] is "map")
        {
            return $"{word} through a map sends each port somewhere else; the import does not read maps, so add those rules by hand.";
        }

        if (word == "dnat")
        {
            _forward.ToDestination = target;
        }
        else
        {
            _forward.ToPorts = target;
        }

        return null;
    }

    private string? Jump(string word)
    {
        _statement ??= word;
        Next();
        return null;
    }

    private string? Stop(string word)
    {
        if (_statement is null)
        {
            _statement = word;
        }

        return null;
    }

    /// <summary>tcp/udp dport name the protocol; th dport takes it from meta l4proto, where { tcp, udp } is both.</summary>
    private string? Protocol()
    {
        var protocols = _l4protocols ?? (_transport is "tcp" or "udp" ? [_transport] : []);
        if (_transport is "tcp" or "udp" && protocols.Any(p => p != _transport))
        {
            return $"It matches {_transport} dport but l4proto {string.Join(", ", protocols)}; fix the rule or add it by hand.";
        }

        var tcp = protocols.Contains("tcp");
        var udp = protocols.Contains("udp");
        if (protocols.Any(p => p is not ("tcp" or "udp")))
        {
            return $"It matches protocol {string.Join(", ", protocols)}; PortFwd forwards TCP and UDP.";
        }

        _forward.Protocol = tcp && udp ? Core.Rules.Protocol.TcpUdp : tcp ? Core.Rules.Protocol.Tcp : udp ? Core.Rules.Protocol.Udp : null;
        return null;
    }
}
