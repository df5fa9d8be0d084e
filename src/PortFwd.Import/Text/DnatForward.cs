using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Text;

/// <summary>
/// A DNAT or REDIRECT rule as iptables and nft both describe it (protocol, ports, sources, destination, target),
/// turned into drafts: one per port or range it matches, or a problem when a rule cannot hold it.
/// </summary>
internal sealed class DnatForward
{
    /// <summary>Null when the rule names no protocol (a problem for the reader to report).</summary>
    public Protocol? Protocol { get; set; }

    public List<PortRange> Ports { get; } = [];

    public List<string> Sources { get; } = [];

    /// <summary>The address traffic was sent to (-d, ip daddr): the rule's listen address.</summary>
    public string? Destination { get; set; }

    /// <summary>The interface traffic arrived on (-i, iifname); PortFwd listens on all of them.</summary>
    public string? Interface { get; set; }

    public string? Comment { get; set; }

    /// <summary>REDIRECT (to this machine) rather than DNAT.</summary>
    public bool Redirect { get; set; }

    /// <summary>DNAT's target: address[:port[-port]].</summary>
    public string? ToDestination { get; set; }

    /// <summary>REDIRECT's port or ports; null keeps the port.</summary>
    public string? ToPorts { get; set; }

    /// <param name="line">The rule's line.</param>
    /// <param name="tool">How names start ("iptables", "nft").</param>
    /// <param name="source">How descriptions name the text ("iptables-save").</param>
    /// <param name="log">Where the drafts, notes and problems go.</param>
    public void Emit(SourceLine line, string tool, string source, ImportLog log)
    {
        if (Protocol is not { } protocol)
        {
            log.Refuse(line, ImportMessages.EveryProtocol.With());
            return;
        }

        if (Ports.Count == 0)
        {
            log.Refuse(line, ImportMessages.EveryPort.With());
            return;
        }

        var listen = Destination is null ? null : Drafts.SingleAddress(Destination);
        if (Destination is not null && listen is null)
        {
            log.Refuse(line, ImportMessages.DestinationNetwork.With(Destination ?? ""));
            return;
        }

        if (!TryTarget(out var target, out var problem))
        {
            log.Refuse(line, problem);
            return;
        }

        var drafts = new List<RuleDraft>();
        foreach (var external in Ports)
        {
            if (target.InternalPortFor(external, out problem) is not { } internalPort)
            {
                log.Refuse(line, problem);
                return;
            }

            var name = log.Word(Ports.Count > 1
                ? ImportMessages.RuleFromLinePort.With(tool, line.Number, $"{external}")
                : ImportMessages.RuleFromLine.With(tool, line.Number));
            var description = log.Word(Comment is { Length: > 0 } comment
                ? ImportMessages.CommentFrom.With(comment[..Math.Min(comment.Length, 200)], source, line.Number)
                : ImportMessages.ImportedFrom.With(source, line.Number));
            var draft = Drafts.Forward(name, protocol, external, target.Host, internalPort, description);
            draft.ListenAddress = listen is null ? null : Drafts.ListenAddress(listen);
            draft.AllowedSources = Sources.Count > 0 ? [.. Sources] : null;
            drafts.Add(draft);
        }

        if (Interface is not null)
        {
            log.Note(line, ImportMessages.OnlyInterface.With(Interface));
        }

        foreach (var draft in drafts)
        {
            log.Add(line, draft);
        }
    }

    private bool TryTarget(out DnatTarget target, out ValidationMessage problem)
    {
        if (!Redirect)
        {
            problem = ImportMessages.NoTarget.With();
            target = new DnatTarget("", null, null);
            return ToDestination is not null && DnatTarget.TryParse(ToDestination, out target, out problem);
        }

        // REDIRECT sends to this machine itself, on its ports or the same port.
        var v6 = Destination?.Contains(':', StringComparison.Ordinal) == true || Sources.Any(s => s.Contains(':', StringComparison.Ordinal));
        var self = v6 ? "[::1]" : "127.0.0.1";
        return DnatTarget.TryParse(ToPorts is null ? self : $"{self}:{ToPorts.TrimStart(':')}", out target, out problem);
    }
}
