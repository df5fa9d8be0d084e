using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Iptables;

/// <summary>One rule of a chain PREROUTING reaches: its matches and its DNAT or REDIRECT, read into drafts or refused.</summary>
internal sealed class IptablesRule
{
    private static readonly HashSet<string> HarmlessModules = new(StringComparer.Ordinal)
    {
        "tcp", "udp", "comment", "multiport", "addrtype", "state", "conntrack",
    };

    private readonly SourceLine _line;
    private readonly DnatForward _forward = new();
    private string? _protocol;
    private string? _target;

    private IptablesRule(SourceLine line) => _line = line;

    public static void Read(SourceLine line, List<string> words, string source, ImportLog log)
    {
        var rule = new IptablesRule(line);
        if (rule.ReadOptions(words) is { } problem)
        {
            log.Refuse(line, problem);
            return;
        }

        // A jump to a chain of the user's: that chain's rules are read on their own.
        if (rule._target is null || IptablesParser.Builtin.Contains(rule._target))
        {
            rule.Emit(source, log);
        }
    }

    private ValidationMessage? ReadOptions(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var negated = words[i] == "!";
            if (negated && ++i >= words.Count)
            {
                return ImportMessages.IptablesEndsAfterNot.With();
            }

            var option = words[i];
            string Next() => i + 1 < words.Count ? words[++i] : "";
            switch (option)
            {
                case "-p" or "--protocol":
                    _protocol = Next().ToLowerInvariant();
                    if (negated)
                    {
                        return ImportMessages.IptablesEveryProtocolBut.With(_protocol);
                    }

                    break;
                case "-s" or "--source" or "--src":
                    var sources = Next();
                    if (negated)
                    {
                        return ImportMessages.IptablesEveryoneBut.With(sources);
                    }

                    _forward.Sources.AddRange(sources.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(s => !Drafts.IsAnyone(s)));
                    break;
                case "-d" or "--destination" or "--dst":
                    _forward.Destination = Next();
                    if (negated)
                    {
                        return ImportMessages.EveryAddressBut.With(_forward.Destination);
                    }

                    break;
                case "-i" or "--in-interface":
                    var name = Next();
                    _forward.Interface = negated ? null : name;
                    break;
                case "-m" or "--match":
                    var module = Next();
                    if (!HarmlessModules.Contains(module))
                    {
                        return ImportMessages.IptablesModule.With(module);
                    }

                    break;
                case "--dport" or "--destination-port" or "--dports" or "--destination-ports":
                    var ports = Next();
                    if (negated)
                    {
                        return ImportMessages.EveryPortBut.With(ports);
                    }

                    foreach (var part in ports.Split(','))
                    {
                        if (!PortText.TryRange(part, ':', out var range))
                        {
                            return ImportMessages.NotAPortOrRange.With(part, "8000:8010");
                        }

                        _forward.Ports.Add(range);
                    }

                    break;
                case "--sport" or "--source-port" or "--sports" or "--source-ports":
                    return ImportMessages.SourcePort.With(Next());
                case "--comment":
                    _forward.Comment = Next();
                    break;
                case "-j" or "--jump" or "-g" or "--goto":
                    _target = Next();
                    break;
                case "--to-destination" or "--to":
                    if (_forward.ToDestination is not null)
                    {
                        return ImportMessages.IptablesSeveralTargets.With();
                    }

                    _forward.ToDestination = Next();
                    break;
                case "--to-ports" or "--to-port":
                    _forward.ToPorts = Next();
                    break;
                case "--dst-type" or "--src-type" or "--state" or "--ctstate" or "--limit-iface-in" or "--limit-iface-out":
                    Next();
                    break;
                case "--tcp-flags":
                    Next();
                    Next();
                    break;
                case "--syn" or "--random" or "--random-fully" or "--persistent":
                    break;
                default:
                    return ImportMessages.IptablesUnknownOption.With(option);
            }
        }

        return null;
    }

    private void Emit(string source, ImportLog log)
    {
        if (_target is not ("DNAT" or "REDIRECT"))
        {
            log.Refuse(_line, _target is null
                ? ImportMessages.IptablesNoTarget.With()
                : _target is "RETURN" or "ACCEPT"
                    ? ImportMessages.IptablesExempts.With(_target)
                    : ImportMessages.IptablesNotAForward.With(_target));
            return;
        }

        switch (_protocol)
        {
            case "tcp" or "6":
                _forward.Protocol = Protocol.Tcp;
                break;
            case "udp" or "17":
                _forward.Protocol = Protocol.Udp;
                break;
            case null or "all" or "0":
                break;
            default:
                log.Refuse(_line, ImportMessages.IptablesProtocol.With(_protocol ?? ""));
                return;
        }

        _forward.Redirect = _target == "REDIRECT";
        _forward.Emit(_line, "iptables", source, log);
    }
}
