using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Rinetd;

/// <summary>
/// rinetd.conf, as rinetd 0.7x and rinetd-uv write it: <c>bindaddress bindport[/udp] connectaddress connectport[/udp]
/// [options]</c> lines, <c>allow</c>/<c>deny</c> patterns (global before the first forward, else for the forward above
/// them), and settings PortFwd does its own way. rinetd has no port ranges: one port a line.
/// </summary>
internal static class RinetdParser
{
    private const string Source = "rinetd.conf";

    /// <summary>Settings of rinetd (and rinetd-uv) that concern rinetd itself, not what it forwards.</summary>
    private static readonly Dictionary<string, MessageTemplate> Settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["logfile"] = ImportMessages.RinetdLogFile,
        ["logcommon"] = ImportMessages.RinetdLogFormat,
        ["pidlogfile"] = ImportMessages.RinetdPidFile,
        ["pidfile"] = ImportMessages.RinetdPidFile,
        ["buffersize"] = ImportMessages.OwnBuffers,
        ["dns-refresh"] = ImportMessages.OwnNameLookups,
        ["dns-multi-ip-expand"] = ImportMessages.OwnNameLookups,
        ["dns-multi-ip-proto"] = ImportMessages.OwnNameLookups,
        ["connect-timeout"] = ImportMessages.OwnConnectTimeout,
        ["pool-min-free"] = ImportMessages.OwnBufferPool,
        ["pool-max-free"] = ImportMessages.OwnBufferPool,
        ["pool-trim-delay"] = ImportMessages.OwnBufferPool,
        ["listen-backlog"] = ImportMessages.OwnListenBacklog,
        ["max-udp-connections"] = ImportMessages.OwnUdpSessions,
        ["statusfile"] = ImportMessages.OwnStatus,
        ["statusinterval"] = ImportMessages.OwnStatus,
        ["statusformat"] = ImportMessages.OwnStatus,
        ["statsloginterval"] = ImportMessages.OwnStatus,
    };

    /// <summary>The /etc/services names people write most in rinetd.conf; the import reads no files, so others must be numbers.</summary>
    private static readonly Dictionary<string, int> Services = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["domain"] = 53, ["http"] = 80, ["www"] = 80,
        ["pop3"] = 110, ["imap"] = 143, ["imap2"] = 143, ["snmp"] = 161, ["ldap"] = 389, ["https"] = 443,
        ["submission"] = 587, ["ldaps"] = 636, ["imaps"] = 993, ["pop3s"] = 995, ["openvpn"] = 1194,
        ["ms-sql-s"] = 1433, ["mqtt"] = 1883, ["mysql"] = 3306, ["ms-wbt-server"] = 3389, ["postgresql"] = 5432,
        ["vnc"] = 5900, ["http-alt"] = 8080,
    };

    private sealed class Forward(SourceLine line)
    {
        public SourceLine Line { get; } = line;

        public RuleDraft? Draft { get; set; }

        public List<(SourceLine Line, string Network)> Allows { get; } = [];

        /// <summary>An allow line of this forward that could not be read: without it the rule would let in more than rinetd does.</summary>
        public SourceLine? UnreadAllow { get; set; }
    }

    public static void Read(List<SourceLine> lines, ImportLog log)
    {
        var global = new List<(SourceLine Line, string Network)>();
        var everyone = new Forward(SourceLine.Whole);
        var forwards = new List<Forward>();
        foreach (var line in lines)
        {
            var hash = line.Content.IndexOf('#', StringComparison.Ordinal);
            var words = Tokens.Split(hash < 0 ? line.Content : line.Content[..hash]);
            if (words.Count == 0)
            {
                continue;
            }

            var keyword = words[0];
            if (keyword.Equals("allow", StringComparison.OrdinalIgnoreCase) || keyword.Equals("deny", StringComparison.OrdinalIgnoreCase))
            {
                ReadAccessLine(line, words, forwards.Count > 0 ? forwards[^1] : null, global, everyone, log);
            }
            else if (keyword.Equals("include", StringComparison.OrdinalIgnoreCase))
            {
                log.Refuse(line, ImportMessages.RinetdInclude.With());
            }
            else if (Settings.TryGetValue(keyword, out var why))
            {
                log.Note(line, why.With());
            }
            else
            {
                var forward = new Forward(line);
                forward.Draft = ReadForward(line, words, log);
                forwards.Add(forward);
            }
        }

        foreach (var forward in forwards.Where(f => f.Draft is not null))
        {
            if ((forward.UnreadAllow ?? everyone.UnreadAllow) is { } unread)
            {
                log.Refuse(forward.Line, ImportMessages.RinetdUnreadAllow.With(unread.Number));
            }
            else if (Sources(forward, global, log) is { } sources)
            {
                forward.Draft!.AllowedSources = sources.Count > 0 ? sources : null;
                log.Add(forward.Line, forward.Draft);
            }
        }
    }

    private static void ReadAccessLine(SourceLine line, List<string> words, Forward? forward, List<(SourceLine, string)> global, Forward everyone, ImportLog log)
    {
        var isAllow = words[0].Equals("allow", StringComparison.OrdinalIgnoreCase);
        if (words.Count != 2)
        {
            log.Refuse(line, ImportMessages.RinetdOnePattern.With(words[0]));
            if (isAllow)
            {
                (forward ?? everyone).UnreadAllow ??= line;
            }

            return;
        }

        if (!isAllow)
        {
            log.Refuse(line, forward is null
                ? ImportMessages.RinetdDenyEveryRule.With(words[1])
                : ImportMessages.RinetdDenyRule.With(forward.Line.Number, words[1]));
            return;
        }

        if (!AllowPattern.TryNetwork(words[1], out var network, out var problem))
        {
            log.Refuse(line, problem);
            (forward ?? everyone).UnreadAllow ??= line;
            return;
        }

        (forward?.Allows ?? global).Add((line, network));
    }

    /// <summary>The sources a forward lets in, or null when nothing would pass (reported as a problem).</summary>
    private static List<string>? Sources(Forward forward, List<(SourceLine Line, string Network)> global, ImportLog log)
    {
        var own = forward.Allows.Select(a => a.Network).Distinct().ToList();
        var everyone = global.Select(a => a.Network).Distinct().ToList();
        if (own.Count == 0 || everyone.Count == 0)
        {
            return own.Count > 0 ? own : everyone;
        }

        var both = AllowPattern.Intersect(everyone, own);
        if (both.Count == 0)
        {
            log.Refuse(forward.Line, ImportMessages.RinetdNoAddressPasses.With(string.Join(", ", everyone), string.Join(", ", own)));
            return null;
        }

        return both;
    }

    private static RuleDraft? ReadForward(SourceLine line, List<string> words, ImportLog log)
    {
        if (words.Count < 4)
        {
            log.Refuse(line, ImportMessages.RinetdNotAForward.With());
            return null;
        }

        if (words[0].StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || words[2].StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            log.Refuse(line, ImportMessages.RinetdUnixSocket.With());
            return null;
        }

        if (!TryPort(words[1], out var bindPort, out var bindProtocol, out var problem)
            || !TryPort(words[3], out var connectPort, out var connectProtocol, out problem))
        {
            log.Refuse(line, problem);
            return null;
        }

        if (bindProtocol != connectProtocol)
        {
            log.Refuse(line, ImportMessages.RinetdMixedProtocols.With(bindProtocol.ToDisplayName(), connectProtocol.ToDisplayName()));
            return null;
        }

        if (words.Count > 4)
        {
            ReadOptions(line, string.Join(' ', words.Skip(4)), log);
        }

        var draft = Drafts.Forward(log.Word(ImportMessages.RuleFromLine.With("rinetd", line.Number)), bindProtocol, new PortRange(bindPort, bindPort),
            Drafts.Unbracket(words[2]), connectPort, log.Word(ImportMessages.ImportedFrom.With(Source, line.Number)));
        draft.ListenAddress = Drafts.ListenAddress(words[0]);
        return draft;
    }

    private static bool TryPort(string word, out int port, out Protocol protocol, out ValidationMessage problem)
    {
        protocol = Protocol.Tcp;
        problem = ValidationMessage.Plain("");
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? word : word[..slash];
        if (slash >= 0)
        {
            switch (word[(slash + 1)..].ToLowerInvariant())
            {
                case "tcp": break;
                case "udp": protocol = Protocol.Udp; break;
                default:
                    port = 0;
                    problem = ImportMessages.RinetdPortSuffix.With(word);
                    return false;
            }
        }

        if (PortText.TryPort(number, out port) || Services.TryGetValue(number, out port))
        {
            return true;
        }

        problem = number.Length > 0 && char.IsAsciiLetter(number[0])
            ? ImportMessages.UnknownServiceName.With(number)
            : ImportMessages.NotAPort.With(word);
        return false;
    }

    /// <summary>Per-forward options ([timeout=60, src=10.0.0.1, ...]) tune rinetd itself; PortFwd has its own, so they are noted.</summary>
    private static void ReadOptions(SourceLine line, string options, ImportLog log)
    {
        var inner = options.Trim();
        if (!inner.StartsWith('[') || !inner.EndsWith(']'))
        {
            log.Note(line, ImportMessages.RinetdOptionsUnread.With(inner));
            return;
        }

        var names = inner[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.Split('=')[0].Trim().ToLowerInvariant())
            .ToList();
        var said = names.Select(name => name switch
        {
            "timeout" => ImportMessages.RinetdOptionTimeout.With(),
            "src" => ImportMessages.RinetdOptionSrc.With(),
            "keepalive" => ImportMessages.RinetdOptionKeepalive.With(),
            _ => ValidationMessage.Plain(name),
        });
        log.Note(line, ImportMessages.RinetdOptionsDropped.With(said.Aggregate((list, next) => ImportMessages.ListAndThen.With(list, next))));
    }
}
