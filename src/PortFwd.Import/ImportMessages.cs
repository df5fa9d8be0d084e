using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import;

/// <summary>
/// What an import says about a line it cannot import or skips, with codes, so the panel shows it in the person's language
/// ("Msg.Import.{code}") while <c>/api/import</c> answers the English. The text's own words (names, addresses, ports,
/// keywords) stay as they were, as values; a rule's validation messages keep their own codes inside.
/// </summary>
public static class ImportMessages
{
    // The whole text.
    public static readonly MessageTemplate Empty = new("Import.Empty", "The text is empty; paste the contents of {0}.");
    public static readonly MessageTemplate TooLarge = new("Import.TooLarge", "The text is {0:N0} characters; an import takes at most {1:N0} (1 MiB). Import the file in parts.");
    public static readonly MessageTemplate TooManyLines = new("Import.TooManyLines", "The text has {0:N0} lines; an import takes at most {1:N0}. Import the file in parts.");
    public static readonly MessageTemplate Failed = new("Import.Failed", "The importer failed on this text ({0}); nothing was imported. Please report it with the text.");
    public static readonly MessageTemplate UnknownFormat = new("Import.UnknownFormat", "Unknown import format {0}; choose one of {1}.");
    public static readonly MessageTemplate NothingFound = new("Import.NothingFound", "Found no port forwards in this text; is it {0}?");
    public static readonly MessageTemplate IptablesSave = new("Import.IptablesSave", "iptables-save output");
    public static readonly MessageTemplate NftRuleset = new("Import.NftRuleset", "nft list ruleset output");
    public static readonly MessageTemplate FrpcFiles = new("Import.FrpcFiles", "frpc.toml or frpc.ini");

    // A rule read from a line.
    public static readonly MessageTemplate NamedRule = new("Import.NamedRule", "\"{0}\": {1}");
    public static readonly MessageTemplate AndThen = new("Import.AndThen", "{0} {1}");

    // rinetd.
    public static readonly MessageTemplate RinetdInclude = new("Import.RinetdInclude",
        "include reads rules from other files, which the import cannot open; paste their contents here too.");
    public static readonly MessageTemplate RinetdUnreadAllow = new("Import.RinetdUnreadAllow",
        "The allow line {0} that applies to this rule could not be read; without it the rule would let in more than rinetd does. Fix that line and import again.");
    public static readonly MessageTemplate RinetdOnePattern = new("Import.RinetdOnePattern", "{0} takes one address pattern, like \"{0} 192.168.1.*\".");
    public static readonly MessageTemplate RinetdDenyEveryRule = new("Import.RinetdDenyEveryRule",
        "deny cannot be imported: a PortFwd rule lets in only the sources it lists, it has no deny list. Every rule is imported without it; to keep {0} out, put it on the blocklist.");
    public static readonly MessageTemplate RinetdDenyRule = new("Import.RinetdDenyRule",
        "deny cannot be imported: a PortFwd rule lets in only the sources it lists, it has no deny list. The rule on line {0} is imported without it; to keep {1} out, put it on the blocklist.");
    public static readonly MessageTemplate RinetdNoAddressPasses = new("Import.RinetdNoAddressPasses",
        "No address passes both the global allow lines ({0}) and this rule's own ({1}): rinetd refuses every connection to it, so there is nothing to forward.");
    public static readonly MessageTemplate RinetdNotAForward = new("Import.RinetdNotAForward",
        "Not a rinetd line: a forward is \"bindaddress bindport connectaddress connectport\", like \"0.0.0.0 8080 192.168.1.20 80\".");
    public static readonly MessageTemplate RinetdUnixSocket = new("Import.RinetdUnixSocket", "Unix socket forwards cannot be imported; PortFwd forwards TCP and UDP ports.");
    public static readonly MessageTemplate RinetdMixedProtocols = new("Import.RinetdMixedProtocols",
        "This forward takes {0} and sends {1}; PortFwd forwards each protocol as itself, so it cannot be imported.");
    public static readonly MessageTemplate RinetdPortSuffix = new("Import.RinetdPortSuffix", "\"{0}\": rinetd ports end in /tcp or /udp, or in nothing (TCP).");
    public static readonly MessageTemplate UnknownServiceName = new("Import.UnknownServiceName", "\"{0}\" is a service name the import does not know; write its port number instead.");
    public static readonly MessageTemplate NotAPort = new("Import.NotAPort", "\"{0}\" is not a port.");
    public static readonly MessageTemplate RinetdOptionsUnread = new("Import.RinetdOptionsUnread", "\"{0}\" after the ports was not read; options go in brackets, like [timeout=60].");
    public static readonly MessageTemplate RinetdOptionsDropped = new("Import.RinetdOptionsDropped", "Options not carried over: {0}.");
    public static readonly MessageTemplate RinetdOptionTimeout = new("Import.RinetdOptionTimeout", "timeout (PortFwd ends idle UDP sessions on its own timer)");
    public static readonly MessageTemplate RinetdOptionSrc = new("Import.RinetdOptionSrc", "src (PortFwd connects from the machine's own address)");
    public static readonly MessageTemplate RinetdOptionKeepalive = new("Import.RinetdOptionKeepalive", "keepalive (PortFwd keeps TCP keepalive on)");
    public static readonly MessageTemplate ListAndThen = new("Import.ListAndThen", "{0}, {1}");
    public static readonly MessageTemplate RinetdLogFile = new("Import.RinetdLogFile", "PortFwd keeps its own log of connections and traffic; rinetd's log file is not needed.");
    public static readonly MessageTemplate RinetdLogFormat = new("Import.RinetdLogFormat", "PortFwd keeps its own log of connections and traffic; rinetd's log format is not needed.");
    public static readonly MessageTemplate RinetdPidFile = new("Import.RinetdPidFile", "PortFwd runs as its own service and needs no pid file.");
    public static readonly MessageTemplate OwnBuffers = new("Import.OwnBuffers", "PortFwd sizes its own buffers.");
    public static readonly MessageTemplate OwnNameLookups = new("Import.OwnNameLookups", "PortFwd resolves host names itself.");
    public static readonly MessageTemplate OwnConnectTimeout = new("Import.OwnConnectTimeout", "PortFwd uses its own connect timeout.");
    public static readonly MessageTemplate OwnBufferPool = new("Import.OwnBufferPool", "PortFwd sizes its own buffer pool.");
    public static readonly MessageTemplate OwnListenBacklog = new("Import.OwnListenBacklog", "PortFwd sets its own listen backlog.");
    public static readonly MessageTemplate OwnUdpSessions = new("Import.OwnUdpSessions", "PortFwd limits UDP sessions itself.");
    public static readonly MessageTemplate OwnStatus = new("Import.OwnStatus", "PortFwd shows each rule's status and traffic in the panel.");

    // iptables and nftables.
    public static readonly MessageTemplate DockerPublishes = new("Import.DockerPublishes", "Docker publishes this port for a container itself; importing it would clash with Docker.");
    public static readonly MessageTemplate OtherTableSkipped = new("Import.OtherTableSkipped", "Only the nat table holds port forwards; the {0} table's rules are skipped.");
    public static readonly MessageTemplate OtherTableRuleSkipped = new("Import.OtherTableRuleSkipped", "Only the nat table holds port forwards; this rule of the {0} table is skipped.");
    public static readonly MessageTemplate NftNotPrerouting = new("Import.NftNotPrerouting",
        "Chain {0} is not a nat prerouting chain (nor reached from one), so it forwards nothing from outside.");
    public static readonly MessageTemplate NftForwardsNothing = new("Import.NftForwardsNothing", "This rule forwards nothing (no dnat or redirect); skipped.");
    public static readonly MessageTemplate NftMasquerade = new("Import.NftMasquerade", "masquerade and snat are not port forwards: they rewrite the source of traffic leaving this machine.");
    public static readonly MessageTemplate IptablesRewritesSource = new("Import.IptablesRewritesSource",
        "-j {0} is not a port forward: it rewrites the source of traffic leaving this machine.");
    public static readonly MessageTemplate IptablesChainUnreached = new("Import.IptablesChainUnreached",
        "The {0} chain is not reached from PREROUTING, so it forwards nothing from outside.");
    public static readonly MessageTemplate IptablesNoTarget = new("Import.IptablesNoTarget", "The rule has no -j target, so it forwards nothing.");
    public static readonly MessageTemplate IptablesExempts = new("Import.IptablesExempts",
        "-j {0} is not a port forward: it exempts some traffic from the forwards after it, which PortFwd cannot hold.");
    public static readonly MessageTemplate IptablesNotAForward = new("Import.IptablesNotAForward", "-j {0} is not a port forward.");
    public static readonly MessageTemplate IptablesProtocol = new("Import.IptablesProtocol", "-p {0}: PortFwd forwards TCP and UDP.");
    public static readonly MessageTemplate IptablesNotARule = new("Import.IptablesNotARule",
        "Not an iptables rule: iptables-save rules start with -A CHAIN (and a *nat line before them).");
    public static readonly MessageTemplate IptablesNoTable = new("Import.IptablesNoTable",
        "This rule comes before any *table line, so its table is unknown; paste the whole iptables-save output.");
    public static readonly MessageTemplate NftNotAForward = new("Import.NftNotAForward", "{0} is not a port forward.");
    public static readonly MessageTemplate NftTopNotTable = new("Import.NftTopNotTable", "Not nft list ruleset output: blocks at the top are tables (table ip nat {{).");
    public static readonly MessageTemplate NftOutsideTable = new("Import.NftOutsideTable", "Not nft list ruleset output: outside a table there should be nothing.");
    public static readonly MessageTemplate EveryProtocol = new("Import.EveryProtocol", "It forwards every port of every protocol; PortFwd forwards chosen TCP or UDP ports.");
    public static readonly MessageTemplate EveryPort = new("Import.EveryPort", "It forwards every port (no destination port); PortFwd forwards chosen ports.");
    public static readonly MessageTemplate DestinationNetwork = new("Import.DestinationNetwork",
        "It matches traffic to the network {0}; a PortFwd rule listens on one address or on all.");
    public static readonly MessageTemplate OnlyInterface = new("Import.OnlyInterface",
        "Only traffic arriving on {0} was forwarded; PortFwd listens on every interface unless the rule gets a listen address.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(ImportMessages));

    /// <summary>Messages one after the other, as one (the English joined by spaces).</summary>
    public static ValidationMessage Joined(IEnumerable<ValidationMessage> messages) =>
        messages.Aggregate((said, next) => AndThen.With(said, next));
}
