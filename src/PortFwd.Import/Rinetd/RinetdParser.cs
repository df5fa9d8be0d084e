using PortFwd.Core.Rules;
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
    private static readonly Dictionary<string, string> Settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["logfile"] = "PortFwd keeps its own log of connections and traffic; rinetd's log file is not needed.",
        ["logcommon"] = "PortFwd keeps its own log of connections and traffic; rinetd's log format is not needed.",
        ["pidlogfile"] = "PortFwd runs as its own service and needs no pid file.",
        ["pidfile"] = "PortFwd runs as its own service and needs no pid file.",
        ["buffersize"] = "PortFwd sizes its own buffers.",
        ["dns-refresh"] = "PortFwd resolves host names itself.",
        ["dns-multi-ip-expand"] = "PortFwd resolves host names itself.",
        ["dns-multi-ip-proto"] = "PortFwd resolves host names itself.",
        ["connect-timeout"] = "PortFwd uses its own connect timeout.",
        ["pool-min-free"] = "PortFwd sizes its own buffer pool.",
        ["pool-max-free"] = "PortFwd sizes its own buffer pool.",
        ["pool-trim-delay"] = "PortFwd sizes its own buffer pool.",
        ["listen-backlog"] = "PortFwd sets its own listen backlog.",
        ["max-udp-connections"] = "PortFwd limits UDP sessions itself.",
        ["statusfile"] = "PortFwd shows each rule's status and traffic in the panel.",
        ["statusinterval"] = "PortFwd shows each rule's status and traffic in the panel.",
        ["statusformat"] = "PortFwd shows each rule's status and traffic in the panel.",
        ["statsloginterval"] = "PortFwd shows each rule's status and traffic in the panel.",
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
                log.Refuse(line, "include reads rules from other files, which the import cannot open; paste their contents here too.");
            }
            else if (Settings.TryGetValue(keyword, out var why))
            {
                log.Note(line, why);
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
                log.Refuse(forward.Line,
                    $"The allow line {unread.Number} that applies to this rule could not be read; without it the rule would let in more than rinetd does. Fix that line and import again.");
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
            log.Refuse(line, $"{words[0]} takes one address pattern, like \"{words[0]} 192.168.1.*\".");
            if (isAllow)
            {
                (forward ?? everyone).UnreadAllow ??= line;
            }

            return;
        }

        var scope = forward is null ? "every rule" : $"the rule on line {forward.Line.Number}";
        if (!isAllow)
        {
            log.Refuse(line,
                $"deny cannot be imported: a PortFwd rule lets in only the sources it lists, it has no deny list. {Capitalized(scope)} is imported without it; to keep {words[1]} out, put it on the blocklist.");
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

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

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
            log.Refuse(forward.Line,
                $"No address passes both the global allow lines ({string.Join(", ", everyone)}) and this rule's own ({string.Join(", ", own)}): rinetd refuses every connection to it, so there is nothing to forward.");
            return null;
        }

        return both;
    }

    private static RuleDraft? ReadForward(SourceLine line, List<string> words, ImportLog log)
    {
        if (words.Count < 4)
        {
            log.Refuse(line, "Not a rinetd line: a forward is \"bindaddress bindport connectaddress connectport\", like \"0.0.0.0 8080 192.168.1.20 80\".");
            return null;
        }

        if (words[0].StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || words[2].StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            log.Refuse(line, "Unix socket forwards cannot be imported; PortFwd forwards TCP and UDP ports.");
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
            log.Refuse(line,
                $"This forward takes {bindProtocol.ToDisplayName()} and sends {connectProtocol.ToDisplayName()}; PortFwd forwards each protocol as itself, so it cannot be imported.");
            return null;
        }

        if (words.Count > 4)
        {
            ReadOptions(line, string.Join(' ', words.Skip(4)), log);
        }

        var draft = Drafts.Forward($"rinetd line {line.Number}", bindProtocol, new PortRange(bindPort, bindPort),
            Drafts.Unbracket(words[2]), connectPort, $"Imported from {Source} line {line.Number}");
        draft.ListenAddress = Drafts.ListenAddress(words[0]);
        return draft;
    }

    private static bool TryPort(string word, out int port, out Protocol protocol, out string problem)
    {
        protocol = Protocol.Tcp;
        problem = "";
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
                    problem = $"\"{word}\": rinetd ports end in /tcp or /udp, or in nothing (TCP).";
                    return false;
            }
        }

        if (PortText.TryPort(number, out port) || Services.TryGetValue(number, out port))
        {
            return true;
        }

        problem = number.Length > 0 && char.IsAsciiLetter(number[0])
            ? $"\"{number}\" is a service name the import does not know; write its port number instead."
            : $"\"{word}\" is not a port.";
        return false;
    }

    /// <summary>Per-forward options ([timeout=60, src=10.0.0.1, ...]) tune rinetd itself; PortFwd has its own, so they are noted.</summary>
    private static void ReadOptions(SourceLine line, string options, ImportLog log)
    {
        var inner = options.Trim();
        if (!inner.StartsWith('[') || !inner.EndsWith(']'))
        {
            log.Note(line, $"\"{inner}\" after the ports was not read; options go in brackets, like [timeout=60].");
            return;
        }

        var names = inner[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.Split('=')[0].Trim().ToLowerInvariant())
            .ToList();
        var said = names.Select(name => name switch
        {
            "timeout" => "timeout (PortFwd ends idle UDP sessions on its own timer)",
            "src" => "src (PortFwd connects from the machine's own address)",
            "keepalive" => "keepalive (PortFwd keeps TCP keepalive on)",
            _ => name,
        });
        log.Note(line, $"Options not carried over: {string.Join(", ", said)}.");
    }
}
