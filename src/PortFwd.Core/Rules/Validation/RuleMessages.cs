namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// The rule validator's and the conflict check's (<see cref="RuleConflicts"/>) messages that have a code, so the panel can show them in the person's language; the API
/// answers their English. A code never changes meaning; a new wording of a message keeps its code only when the
/// translations still fit it.
/// </summary>
public static class RuleMessages
{
    public static readonly MessageTemplate NameMissing = new("Rule.NameMissing", "Give the rule a name, for example \"Web server\".");
    public static readonly MessageTemplate NameTooLong = new("Rule.NameTooLong", "The name can be at most {0} characters; this one has {1}.");
    public static readonly MessageTemplate NameControl = new("Rule.NameControl", "The name cannot contain line breaks or control characters.");
    public static readonly MessageTemplate DescriptionTooLong = new("Rule.DescriptionTooLong", "The description can be at most {0} characters; this one has {1}.");

    public static readonly MessageTemplate ProtocolMissing = new("Rule.ProtocolMissing", "Choose a protocol: TCP, UDP, TCP/UDP or HTTP.");
    public static readonly MessageTemplate ProtocolUnknown = new("Rule.ProtocolUnknown", "\"{0}\" is not a protocol this panel knows; choose TCP, UDP, TCP/UDP or HTTP.");

    public static readonly MessageTemplate ExternalPortMissing = new("Rule.ExternalPortMissing", "Enter the external port, a number from 1 to 65535.");
    public static readonly MessageTemplate ExternalPortOutOfRange = new("Rule.ExternalPortOutOfRange", "The external port must be from 1 to 65535; {0} is outside that.");
    public static readonly MessageTemplate HttpSinglePort = new("Rule.HttpSinglePort", "HTTP rules listen on a single port; leave External port end empty.");
    public static readonly MessageTemplate RangeEndOutOfRange = new("Rule.RangeEndOutOfRange", "The last port of the range must be from 1 to 65535; {0} is outside that.");
    public static readonly MessageTemplate RangeEndBelowStart = new("Rule.RangeEndBelowStart", "The last port of the range ({0}) must not be below the first port ({1}).");
    public static readonly MessageTemplate RangeTooLong = new("Rule.RangeTooLong", "A range can hold at most {0} ports; {1}-{2} has {3}.");
    public static readonly MessageTemplate RouterRangeTooLong = new("Rule.RouterRangeTooLong",
        "A range opened on the router can hold at most {0} ports (the router keeps one mapping per port); {1}-{2} has {3}. Use a shorter range or turn off Open on router.");
    public static readonly MessageTemplate InternalPortMissing = new("Rule.InternalPortMissing", "Enter the internal port, a number from 1 to 65535.");
    public static readonly MessageTemplate InternalPortOutOfRange = new("Rule.InternalPortOutOfRange", "The internal port must be from 1 to 65535; {0} is outside that.");
    public static readonly MessageTemplate InternalRangePast65535 = new("Rule.InternalRangePast65535",
        "The range maps {0} ports one to one, so the internal ports would run {1}-{2}, past 65535; choose an internal port of at most {3}.");

    public static readonly MessageTemplate InternalHostMissing = new("Rule.InternalHostMissing",
        "Enter the internal host: the LAN address (like 192.168.1.20) or name of the machine that runs the service.");
    public static readonly MessageTemplate InternalHostNoAddress = new("Rule.InternalHostNoAddress", "{0} means \"no address\"; enter the address of the machine that runs the service.");
    public static readonly MessageTemplate InternalHostMulticast = new("Rule.InternalHostMulticast", "{0} is a broadcast or multicast address; enter the address of one machine.");
    public static readonly MessageTemplate InternalHostWithPort = new("Rule.InternalHostWithPort", "\"{0}\" includes a port; put the host here and the port in Internal port.");
    public static readonly MessageTemplate InternalHostInvalid = new("Rule.InternalHostInvalid",
        "\"{0}\" is not an IP address or host name; use an address like 192.168.1.20 or a name like nas.local.");
    public static readonly MessageTemplate TargetIsPanel = new("Rule.TargetIsPanel",
        "This would expose this admin panel to the internet: port {0} on this machine is the PortFwd panel itself. Choose the port of the service you want to publish.");
    public static readonly MessageTemplate TargetIsItself = new("Rule.TargetIsItself", "This would forward the port to itself on this machine; choose another internal port or host.");

    public static readonly MessageTemplate TooManySources = new("Rule.TooManySources", "At most {0} allowed sources; this rule has {1}.");

    public static readonly MessageTemplate HostNamesNotHttp = new("Rule.HostNamesNotHttp", "Host names only apply to HTTP rules; clear them or choose HTTP.");
    public static readonly MessageTemplate TooManyHostNames = new("Rule.TooManyHostNames", "At most {0} host names; this rule has {1}.");
    public static readonly MessageTemplate HostNameInvalid = new("Rule.HostNameInvalid", "\"{0}\" is not a host name; use names like example.com or *.example.com.");
    public static readonly MessageTemplate PathPrefixNotHttp = new("Rule.PathPrefixNotHttp", "A path prefix only applies to HTTP rules; clear it or choose HTTP.");
    public static readonly MessageTemplate PathPrefixNoSlash = new("Rule.PathPrefixNoSlash", "The path prefix must start with \"/\", like /app; \"{0}\" does not.");
    public static readonly MessageTemplate PathPrefixTooLong = new("Rule.PathPrefixTooLong", "The path prefix can be at most {0} characters.");
    public static readonly MessageTemplate PathPrefixInvalid = new("Rule.PathPrefixInvalid", "The path prefix cannot contain spaces, '?' or '#'.");

    // The rule was deleted meanwhile (a save or a switch of a rule another page removed).
    public static readonly MessageTemplate RuleGone = new("Rule.Gone", "The rule no longer exists.");

    // A dangerous service opened on the router (RouterRisks): the sentence, and what answers on the port inside it.
    public static readonly MessageTemplate RouterRisk = new("Rule.RouterRisk",
        "Port {0} is {1}; opening it on the router exposes it to the internet. Confirm the risk to save.");
    public static readonly MessageTemplate RiskTelnet = new("Rule.Risk.Telnet", "Telnet (unencrypted remote login)");
    public static readonly MessageTemplate RiskSmbNetbios = new("Rule.Risk.SmbNetbios", "Windows file sharing (SMB over NetBIOS)");
    public static readonly MessageTemplate RiskSmb = new("Rule.Risk.Smb", "Windows file sharing (SMB)");
    public static readonly MessageTemplate RiskDockerApi = new("Rule.Risk.DockerApi", "the Docker API without TLS (full control of the machine)");
    public static readonly MessageTemplate RiskMySql = new("Rule.Risk.MySql", "MySQL/MariaDB");
    public static readonly MessageTemplate RiskRemoteDesktop = new("Rule.Risk.RemoteDesktop", "Remote Desktop");
    public static readonly MessageTemplate RiskPostgreSql = new("Rule.Risk.PostgreSql", "PostgreSQL");
    public static readonly MessageTemplate RiskVnc = new("Rule.Risk.Vnc", "VNC (remote screen)");
    public static readonly MessageTemplate RiskRedis = new("Rule.Risk.Redis", "Redis");
    public static readonly MessageTemplate RiskMongoDb = new("Rule.Risk.MongoDb", "MongoDB");
    public static readonly MessageTemplate RiskRouterAdmin = new("Rule.Risk.RouterAdmin", "the router's own admin page ({0})");

    // Conflicts with another enabled rule (RuleConflicts). "Port 8080" / "Ports 8080-8090" is a message of its own, so a
    // language can place and inflect it; the other rule's name is a value.
    public static readonly MessageTemplate ConflictPort = new("Rule.ConflictPort", "Port {0}");
    public static readonly MessageTemplate ConflictPorts = new("Rule.ConflictPorts", "Ports {0}");
    public static readonly MessageTemplate ConflictTcp = new("Rule.ConflictTcp",
        "{0}/TCP is already forwarded by rule \"{1}\"; choose another external port or disable that rule first.");
    public static readonly MessageTemplate ConflictUdp = new("Rule.ConflictUdp",
        "{0}/UDP is already forwarded by rule \"{1}\"; choose another external port or disable that rule first.");
    public static readonly MessageTemplate ConflictHttpsThere = new("Rule.ConflictHttpsThere",
        "{0} serves HTTPS on rule \"{1}\" and one port cannot answer both plain HTTP and HTTPS; turn on HTTPS (tls) for this rule too or choose another external port.");
    public static readonly MessageTemplate ConflictPlainHttpThere = new("Rule.ConflictPlainHttpThere",
        "{0} serves plain HTTP on rule \"{1}\" and one port cannot answer both plain HTTP and HTTPS; choose another external port (HTTPS usually comes on 443).");
    public static readonly MessageTemplate ConflictSameRoute = new("Rule.ConflictSameRoute",
        "{0} already serves the same host names and path on rule \"{1}\"; give this rule other host names or another path prefix.");
    public static readonly MessageTemplate ConflictRedirectPortTaken = new("Rule.ConflictRedirectPortTaken",
        "Port {0}, where this rule's redirect to HTTPS answers, is already forwarded by rule \"{1}\"; choose another plain HTTP port or turn the redirect off.");
    public static readonly MessageTemplate ConflictOtherRedirect = new("Rule.ConflictOtherRedirect",
        "Port {0} answers the redirect to HTTPS of rule \"{1}\"; choose another external port or turn that redirect off first.");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(RuleMessages));
}
