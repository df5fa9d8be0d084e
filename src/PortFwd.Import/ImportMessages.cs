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
    public static readonly MessageTemplate RinetdAllowV6Wildcard = new("Import.RinetdAllowV6Wildcard",
        "\"{0}\" is an IPv6 wildcard pattern, which does not map onto a network; write the network instead (like 2001:db8::/32).");
    public static readonly MessageTemplate RinetdAllowNotV6 = new("Import.RinetdAllowNotV6", "\"{0}\" is not an IPv6 address.");
    public static readonly MessageTemplate RinetdAllowQuestionMark = new("Import.RinetdAllowQuestionMark",
        "\"{0}\" uses \"?\", which matches single digits, not a network; write the network instead (like 192.168.1.0/24).");
    public static readonly MessageTemplate RinetdAllowInnerStar = new("Import.RinetdAllowInnerStar",
        "\"{0}\" has a \"*\" inside the address, which matches no single network; only whole trailing parts can be \"*\" (like 192.168.1.*).");
    public static readonly MessageTemplate RinetdAllowNotV4 = new("Import.RinetdAllowNotV4", "\"{0}\" is not an IPv4 address or pattern.");
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

    // What a nat rule matches or does that a PortFwd rule cannot hold (iptables and nft alike).
    public static readonly MessageTemplate SourcePort = new("Import.SourcePort",
        "It matches the client's source port ({0}); PortFwd forwards by the port connected to, from any source port.");
    public static readonly MessageTemplate EveryPortBut = new("Import.EveryPortBut", "It forwards every port but {0}; PortFwd forwards the ports it lists.");
    public static readonly MessageTemplate EveryAddressBut = new("Import.EveryAddressBut",
        "It matches traffic to every address but {0}; a PortFwd rule listens on one address or on all.");
    public static readonly MessageTemplate DestinationSet = new("Import.DestinationSet", "It matches traffic to {0}; a PortFwd rule listens on one address or on all.");

    /// <summary>{1} is how the tool writes a range (8000:8010, 8000-8010).</summary>
    public static readonly MessageTemplate NotAPortOrRange = new("Import.NotAPortOrRange", "\"{0}\" is not a port or a range like {1}.");
    public static readonly MessageTemplate NoTarget = new("Import.NoTarget", "The rule gives no address to forward to.");
    public static readonly MessageTemplate TargetNotAddress = new("Import.TargetNotAddress", "\"{0}\" is not an address[:port].");
    public static readonly MessageTemplate TargetNoAddress = new("Import.TargetNoAddress", "\"{0}\" gives no address to forward to.");
    public static readonly MessageTemplate TargetSpread = new("Import.TargetSpread", "It spreads connections over the addresses {0}; PortFwd forwards each rule to one host.");
    public static readonly MessageTemplate TargetBadBasePort = new("Import.TargetBadBasePort", "\"{0}\" has a bad base port after \"/\".");
    public static readonly MessageTemplate TargetNotPorts = new("Import.TargetNotPorts", "\"{0}\" in \"{1}\" is not a port or a range like 8000-8010.");
    public static readonly MessageTemplate RangeToOnePort = new("Import.RangeToOnePort",
        "It sends ports {0} to the single port {1}; PortFwd maps a range one to one, so it cannot hold that.");

    /// <summary>{1} is the target's ports as written, with iptables' base port (8000-8010/9000).</summary>
    public static readonly MessageTemplate PortNotOneToOne = new("Import.PortNotOneToOne",
        "It sends port {0} to ports {1}, which the kernel does not map one to one; PortFwd maps a range one to one onto the same number of ports.");

    /// <summary>{1} is the target's ports as written, with iptables' base port (8000-8010/9000).</summary>
    public static readonly MessageTemplate PortsNotOneToOne = new("Import.PortsNotOneToOne",
        "It sends ports {0} to ports {1}, which the kernel does not map one to one; PortFwd maps a range one to one onto the same number of ports.");

    // iptables options.
    public static readonly MessageTemplate IptablesEndsAfterNot = new("Import.IptablesEndsAfterNot", "The line ends after \"!\".");
    public static readonly MessageTemplate IptablesEveryProtocolBut = new("Import.IptablesEveryProtocolBut",
        "It matches every protocol but {0}; PortFwd forwards TCP and UDP by name.");
    public static readonly MessageTemplate IptablesEveryoneBut = new("Import.IptablesEveryoneBut",
        "It forwards for everyone but {0}; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for {0} and import the rule without \"! -s\".");
    public static readonly MessageTemplate IptablesModule = new("Import.IptablesModule",
        "-m {0} narrows what is forwarded in a way PortFwd cannot hold; import the rule by hand if that part does not matter.");
    public static readonly MessageTemplate IptablesSeveralTargets = new("Import.IptablesSeveralTargets",
        "It spreads connections over several --to-destination targets; PortFwd forwards each rule to one host.");
    public static readonly MessageTemplate IptablesUnknownOption = new("Import.IptablesUnknownOption",
        "\"{0}\" is not an option the import reads; it may narrow what is forwarded, so the rule is left for you to add by hand.");

    // nft rule words.
    public static readonly MessageTemplate NftUnknownWord = new("Import.NftUnknownWord",
        "\"{0}\" is not something the import reads in a nat rule; it may narrow what is forwarded, so the rule is left for you to add by hand.");

    /// <summary>{0} is the match as written ("ip saddr", "tcp flags", "meta mark").</summary>
    public static readonly MessageTemplate NftNotRead = new("Import.NftNotRead", "{0} is not something the import reads in a nat rule; the rule is left for you to add by hand.");

    /// <summary>{0} is the match as written ("ip saddr @trusted"), {1} the set's name.</summary>
    public static readonly MessageTemplate NftNamedAddressSet = new("Import.NftNamedAddressSet",
        "{0} reads the named set {1}, which the import does not follow; write its addresses into the rule.");
    public static readonly MessageTemplate NftNamedPortSet = new("Import.NftNamedPortSet",
        "dport {0} reads the named set {1}, which the import does not follow; write its ports into the rule.");
    public static readonly MessageTemplate NftEveryoneBut = new("Import.NftEveryoneBut",
        "It forwards for everyone but {0}; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for those sources.");
    public static readonly MessageTemplate NftTwoStatements = new("Import.NftTwoStatements", "It has both {0} and {1}; the import reads one forward a rule.");
    public static readonly MessageTemplate NftFormNotRead = new("Import.NftFormNotRead", "\"{0}\" is a form the import does not read (maps, or options); add the rule by hand.");
    public static readonly MessageTemplate NftMap = new("Import.NftMap",
        "{0} through a map sends each port somewhere else; the import does not read maps, so add those rules by hand.");
    public static readonly MessageTemplate NftL4protoMismatch = new("Import.NftL4protoMismatch", "It matches {0} dport but l4proto {1}; fix the rule or add it by hand.");
    public static readonly MessageTemplate NftProtocol = new("Import.NftProtocol", "It matches protocol {0}; PortFwd forwards TCP and UDP.");

    // frpc.toml and frpc.ini: the files as a whole.
    public static readonly MessageTemplate FrpJsonOrYaml = new("Import.FrpJsonOrYaml",
        "This looks like frpc.json or frpc.yaml; the import reads frpc.toml and frpc.ini. Convert it with \"frpc verify\"'s TOML, or paste the TOML.");
    public static readonly MessageTemplate FrpTomlNotALine = new("Import.FrpTomlNotALine", "Not a TOML line (key = value or [section]); frpc would refuse the file.");
    public static readonly MessageTemplate FrpTomlNotAHeader = new("Import.FrpTomlNotAHeader", "Not a TOML section header; frpc would refuse the file.");
    public static readonly MessageTemplate FrpOtherTemplate = new("Import.FrpOtherTemplate",
        "Only range blocks ({{{{- range ... parseNumberRangePair ... }}}}) are read; frpc fills in other templates when it starts, which the import cannot.");
    public static readonly MessageTemplate FrpIniNotAHeader = new("Import.FrpIniNotAHeader", "Not an INI section header like [ssh]; frpc would refuse the file.");
    public static readonly MessageTemplate FrpIniNotALine = new("Import.FrpIniNotALine", "Not an INI line (key = value or [section]); frpc would refuse the file.");
    public static readonly MessageTemplate FrpIniRangeNeedsPorts = new("Import.FrpIniRangeNeedsPorts", "Range section \"{0}\" needs both local_port and remote_port.");
    public static readonly MessageTemplate FrpIniRangeNotPorts = new("Import.FrpIniRangeNotPorts",
        "Range section \"{0}\": local_port and remote_port must be ports or ranges like 6010-6020,6022.");
    public static readonly MessageTemplate FrpIniRangeCounts = new("Import.FrpIniRangeCounts",
        "Range section \"{0}\" pairs {1} local ports with {2} remote ones; frpc needs as many of each.");

    // frp range templates.
    public static readonly MessageTemplate FrpRangeNoEnd = new("Import.FrpRangeNoEnd", "This range block has no {{{{- end }}}}; frpc would refuse the file. Close the block and import again.");
    public static readonly MessageTemplate FrpRangePairTakesTwo = new("Import.FrpRangePairTakesTwo", "parseNumberRangePair takes two lists of ports, the local and the remote ones.");
    public static readonly MessageTemplate FrpRangeTakesOne = new("Import.FrpRangeTakesOne", "parseNumberRange takes one list of ports.");
    public static readonly MessageTemplate FrpRangeNotAPort = new("Import.FrpRangeNotAPort", "\"{0}\" in \"{1}\" is not a port or a range of ports like 6000-6006.");
    public static readonly MessageTemplate FrpRangeCounts = new("Import.FrpRangeCounts",
        "The two lists hold {0} and {1} ports; parseNumberRangePair pairs them one by one, so they must hold as many.");

    // An frp proxy.
    public static readonly MessageTemplate FrpVisitor = new("Import.FrpVisitor", "\"{0}\" is a visitor: it reaches another frpc's {1} proxy through frps, which PortFwd does not do.");
    public static readonly MessageTemplate FrpPlugin = new("Import.FrpPlugin",
        "\"{0}\" hands its connections to frpc's {1} plugin instead of forwarding them to a local port; PortFwd forwards to a host and port only.");
    public static readonly MessageTemplate FrpHttps = new("Import.FrpHttps",
        "\"{0}\" is an https proxy: frps passes the TLS connection through by its host name, and PortFwd ends TLS itself. Add it as an HTTP rule with HTTPS on, or as a TCP rule on port 443.");
    public static readonly MessageTemplate FrpNeedsVisitors = new("Import.FrpNeedsVisitors", "\"{0}\": {1} proxies need frps visitors; PortFwd forwards only tcp, udp and http.");
    public static readonly MessageTemplate FrpTcpmux = new("Import.FrpTcpmux",
        "\"{0}\": tcpmux proxies share one frps port through HTTP CONNECT; PortFwd forwards only tcp, udp and http.");
    public static readonly MessageTemplate FrpUnknownType = new("Import.FrpUnknownType", "\"{0}\": \"{1}\" is not an frp proxy type; PortFwd imports tcp, udp and http.");
    public static readonly MessageTemplate FrpRandomPort = new("Import.FrpRandomPort",
        "\"{0}\": remotePort 0 lets frps pick a random port; set the port it uses in remotePort and import again.");
    public static readonly MessageTemplate FrpRangeToOnePort = new("Import.FrpRangeToOnePort",
        "\"{0}\" sends {1} ports to one port; PortFwd maps a range one to one, so put the range in both localPort and remotePort.");
    public static readonly MessageTemplate FrpPassword = new("Import.FrpPassword",
        "\"{0}\" asks for a password (httpUser/httpPassword); PortFwd's HTTP rules have none, so importing it would open it to anyone.");
    public static readonly MessageTemplate FrpHttpRange = new("Import.FrpHttpRange", "\"{0}\": an http proxy listens on one port; a port range does not apply to it.");
    public static readonly MessageTemplate FrpSubdomainOnly = new("Import.FrpSubdomainOnly",
        "\"{0}\": subdomain \"{1}\" is a name under frps's subdomainHost, which frpc's file does not hold; write the full name in customDomains and import again.");
    public static readonly MessageTemplate FrpNoDomains = new("Import.FrpNoDomains", "\"{0}\" is an http proxy without customDomains; PortFwd routes HTTP by host name, so give it one.");
    public static readonly MessageTemplate FrpMissingKey = new("Import.FrpMissingKey", "\"{0}\" has no {1}; frpc needs one for this proxy.");
    public static readonly MessageTemplate FrpNotAPort = new("Import.FrpNotAPort", "\"{0}\": {1} \"{2}\" is not a port number.");

    /// <summary>{2} is why the value cannot be read: one of the FrpValue… clauses.</summary>
    public static readonly MessageTemplate FrpUnreadable = new("Import.FrpUnreadable", "\"{0}\": {1} {2}.");
    public static readonly MessageTemplate FrpValueTemplate = new("Import.FrpValueTemplate",
        "takes its value from a template ({0}), which frpc fills in when it starts and the import cannot");
    public static readonly MessageTemplate FrpValueMultiline = new("Import.FrpValueMultiline", "is a multi-line string, which the import does not read");
    public static readonly MessageTemplate FrpValueArray = new("Import.FrpValueArray", "is an array the import cannot read");
    public static readonly MessageTemplate FrpValueTrailing = new("Import.FrpValueTrailing", "has more after its value than TOML allows");
    public static readonly MessageTemplate FrpValueMissing = new("Import.FrpValueMissing", "has no value");
    public static readonly MessageTemplate FrpValueInlineTable = new("Import.FrpValueInlineTable", "is an inline table, which the import does not read");
    public static readonly MessageTemplate FrpValueNestedArray = new("Import.FrpValueNestedArray", "is a nested array, which the import does not read");
    public static readonly MessageTemplate FrpValueNotToml = new("Import.FrpValueNotToml", "is not a TOML value");
    public static readonly MessageTemplate FrpValueEscape = new("Import.FrpValueEscape", "has an escape (\\{0}) the import does not read");
    public static readonly MessageTemplate FrpValueUnclosed = new("Import.FrpValueUnclosed", "has a string without its closing quote");

    // What an frp proxy does that its rule does not.
    public static readonly MessageTemplate FrpSubdomainNotCarried = new("Import.FrpSubdomainNotCarried",
        "\"{0}\": subdomain is not carried over (it is a name under frps's subdomainHost); the rule answers its customDomains.");

    /// <summary>{2} is why: one of the FrpWhy… clauses.</summary>
    public static readonly MessageTemplate FrpNotCarried = new("Import.FrpNotCarried", "\"{0}\": {1} is not carried over; {2}.");
    public static readonly MessageTemplate FrpWhyProxyProtocol = new("Import.FrpWhyProxyProtocol",
        "the service expects a PROXY protocol header, which PortFwd does not send: turn it off in the service");
    public static readonly MessageTemplate FrpWhyBandwidth = new("Import.FrpWhyBandwidth", "PortFwd does not limit bandwidth");
    public static readonly MessageTemplate FrpWhyLoadBalancer = new("Import.FrpWhyLoadBalancer", "PortFwd forwards each rule to one target");
    public static readonly MessageTemplate FrpWhyHealthCheck = new("Import.FrpWhyHealthCheck", "PortFwd shows the target's state on the rule instead");
    public static readonly MessageTemplate FrpWhyHostHeader = new("Import.FrpWhyHostHeader", "PortFwd passes the Host header as the browser sent it");

    // What a new rule keeps: written once, in the language of whoever imports (see RuleImporter.Parse).
    public static readonly MessageTemplate ImportedFrom = new("Import.ImportedFrom", "Imported from {0} line {1}");

    /// <summary>{0} is the rule's comment in the text (iptables --comment, nft comment), as it was written.</summary>
    public static readonly MessageTemplate CommentFrom = new("Import.CommentFrom", "{0} ({1} line {2})");
    /// <summary>A rinetd, iptables or nft rule's name: {0} is the tool ("rinetd", "iptables", "nft").</summary>
    public static readonly MessageTemplate RuleFromLine = new("Import.RuleFromLine", "{0} line {1}");

    /// <summary>The same, for one of the ports or ranges of a line that gives several rules.</summary>
    public static readonly MessageTemplate RuleFromLinePort = new("Import.RuleFromLinePort", "{0} line {1} port {2}");
    public static readonly MessageTemplate FrpUnnamedProxy = new("Import.FrpUnnamedProxy", "proxy on line {0}");

    /// <summary>{0} is <see cref="ImportedFrom"/>.</summary>
    public static readonly MessageTemplate FrpHttpPortAssumed = new("Import.FrpHttpPortAssumed",
        "{0}; frps's vhostHTTPPort is not in frpc's file, so it answers on port {1}");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(ImportMessages));

    /// <summary>Messages one after the other, as one (the English joined by spaces).</summary>
    public static ValidationMessage Joined(IEnumerable<ValidationMessage> messages) =>
        messages.Aggregate((said, next) => AndThen.With(said, next));
}
