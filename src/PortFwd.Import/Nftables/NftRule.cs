using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
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

    private ValidationMessage? ReadWords()
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
                _ => ImportMessages.NftUnknownWord.With(word),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private ValidationMessage? Skip(int count)
    {
        _at = Math.Min(_at + count, _words.Count);
        return null;
    }

    private ValidationMessage? Interface()
    {
        var (name, negated) = Operand();
        _forward.Interface = negated ? null : name.Trim('"');
        return null;
    }

    private ValidationMessage? Address(string family)
    {
        var field = Next();
        var (value, negated) = Operand();
        if (value.StartsWith('@'))
        {
            return ImportMessages.NftNamedAddressSet.With($"{family} {field} {value}", value[1..]);
        }

        switch (field)
        {
            case "saddr" when negated:
                return ImportMessages.NftEveryoneBut.With(value);
            case "saddr":
                _forward.Sources.AddRange(Elements(value).Where(s => !Drafts.IsAnyone(s)));
                return null;
            case "daddr" when negated || value.StartsWith('{'):
                return (negated ? ImportMessages.EveryAddressBut : ImportMessages.DestinationSet).With(value);
            case "daddr":
                _forward.Destination = value;
                return null;
            case "protocol" or "nexthdr":
                _l4protocols = negated ? ["!"] : Elements(value);
                return null;
            default:
                return ImportMessages.NftNotRead.With($"{family} {field}");
        }
    }

    private ValidationMessage? Port(string transport)
    {
        var field = Next();
        var (value, negated) = Operand();
        if (field == "sport")
        {
            return ImportMessages.SourcePort.With(value);
        }

        if (field != "dport")
        {
            return ImportMessages.NftNotRead.With($"{transport} {field}");
        }

        if (negated)
        {
            return ImportMessages.EveryPortBut.With(value);
        }

        if (value.StartsWith('@'))
        {
            return ImportMessages.NftNamedPortSet.With(value, value[1..]);
        }

        _transport = transport;
        foreach (var element in Elements(value))
        {
            if (!PortText.TryRange(element, '-', out var range))
            {
                return ImportMessages.NotAPortOrRange.With(element, "8000-8010");
            }

            _forward.Ports.Add(range);
        }

        return null;
    }

    private ValidationMessage? Meta()
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
                return ImportMessages.NftNotRead.With($"meta {key}");
        }
    }

    private ValidationMessage? Counter()
    {
        while (_at + 2 < _words.Count && _words[_at + 1] is "packets" or "bytes")
        {
            _at += 2;
        }

        return null;
    }

    private ValidationMessage? Comment()
    {
        _forward.Comment = Next();
        return null;
    }

    private ValidationMessage? Statement(string word)
    {
        if (_statement is not null)
        {
            return ImportMessages.NftTwoStatements.With(_statement, word);
        }

        _statement = word;
        var next = Next();
        if (next is "ip" or "ip6")
        {
            next = Next();
        }

        if (next != "to")
        {
            return word == "redirect" && next.Length == 0 ? null : ImportMessages.NftFormNotRead.With($"{word} {next}");
        }

        var target = Next();
        if (_at + 1 < _words.Count && _words[_at + 1] is "map")
        {
            return ImportMessages.NftMap.With(word);
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

    private ValidationMessage? Jump(string word)
    {
        _statement ??= word;
        Next();
        return null;
    }

    private ValidationMessage? Stop(string word)
    {
        if (_statement is null)
        {
            _statement = word;
        }

        return null;
    }

    /// <summary>tcp/udp dport name the protocol; th dport takes it from meta l4proto, where { tcp, udp } is both.</summary>
    private ValidationMessage? Protocol()
    {
        var protocols = _l4protocols ?? (_transport is "tcp" or "udp" ? [_transport] : []);
        if (_transport is "tcp" or "udp" && protocols.Any(p => p != _transport))
        {
            return ImportMessages.NftL4protoMismatch.With(_transport, string.Join(", ", protocols));
        }

        var tcp = protocols.Contains("tcp");
        var udp = protocols.Contains("udp");
        if (protocols.Any(p => p is not ("tcp" or "udp")))
        {
            return ImportMessages.NftProtocol.With(string.Join(", ", protocols));
        }

        _forward.Protocol = tcp && udp ? Core.Rules.Protocol.TcpUdp : tcp ? Core.Rules.Protocol.Tcp : udp ? Core.Rules.Protocol.Udp : null;
        return null;
    }
}
