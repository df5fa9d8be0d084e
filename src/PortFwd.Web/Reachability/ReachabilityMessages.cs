using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Reachability;

/// <summary>
/// What the reachability check's steps say and what they advise, with codes, so the panel shows them in the person's
/// language ("Msg.Reach.{code}") while <c>/api/rules/{id}/check</c> answers the English. Addresses, ports, host names and
/// what a router, a probe or the network said stay as they came, as values.
/// </summary>
public static class ReachabilityMessages
{
    // The checker.
    public static readonly MessageTemplate ShuttingDown = new("Reach.ShuttingDown", "Not checked: PortFwd is shutting down.");
    public static readonly MessageTemplate OutOfTime = new("Reach.OutOfTime", "Not checked: a whole check may take {0} seconds, and the steps before used them.");
    public static readonly MessageTemplate CheckAgain = new("Reach.CheckAgain", "Check again.");
    public static readonly MessageTemplate NoAnswerWithin = new("Reach.NoAnswerWithin", "No answer within {0} seconds.");
    public static readonly MessageTemplate Unexpected = new("Reach.Unexpected", "This step failed unexpectedly: {0}");
    public static readonly MessageTemplate UnexpectedFix = new("Reach.UnexpectedFix", "Check again; if it keeps failing, the log says more.");
    public static readonly MessageTemplate WaitAndCheckAgain = new("Reach.WaitAndCheckAgain", "Wait a moment and check again.");
    public static readonly MessageTemplate OutsideScheduleFix = new("Reach.OutsideScheduleFix",
        "Check again while its schedule has it on, or change the schedule in the rule's Advanced section.");

    // Step 1: the service.
    public static readonly MessageTemplate TargetPorts = new("Reach.TargetPorts", "{0} ports {1}");
    public static readonly MessageTemplate UdpAnsweredOne = new("Reach.UdpAnsweredOne", "{0} answered {1} datagram through this rule in the last hour.");
    public static readonly MessageTemplate UdpAnsweredMany = new("Reach.UdpAnsweredMany", "{0} answered {1} datagrams through this rule in the last hour.");
    public static readonly MessageTemplate UdpUntried = new("Reach.UdpUntried",
        "A UDP service cannot be tried from here: UDP has no connection to open, and most services ignore a datagram they do not understand. {0} has sent no answer through this rule in the last hour.");
    public static readonly MessageTemplate UdpUntriedFix = new("Reach.UdpUntriedFix",
        "Use the service once from a client (a game, a VPN app) and check again: its answers through the rule count.");
    public static readonly MessageTemplate StartServiceFix = new("Reach.StartServiceFix",
        "Start the service on {0}, and check that it listens on port {1} on an address this machine can reach (not only 127.0.0.1 when it runs on another device).");
    public static readonly MessageTemplate Refused = new("Reach.Refused", "Nothing listens at {0}: the connection was refused.");
    public static readonly MessageTemplate NameUnresolved = new("Reach.NameUnresolved", "The name {0} does not resolve on this machine.");
    public static readonly MessageTemplate NameUnresolvedFix = new("Reach.NameUnresolvedFix", "Use the device's IP address instead of {0}, or fix its name in the local DNS.");
    public static readonly MessageTemplate TimedOut = new("Reach.TimedOut",
        "{0} did not answer within 2 seconds: the device is off or away, or a firewall drops the connection.");
    public static readonly MessageTemplate TimedOutFix = new("Reach.TimedOutFix",
        "Check that {0} is on and on the network, and that its firewall lets this machine connect to port {1}.");
    public static readonly MessageTemplate NoRoute = new("Reach.NoRoute", "{0} cannot be reached from this machine (no route to it).");
    public static readonly MessageTemplate NoRouteFix = new("Reach.NoRouteFix",
        "Check that {0} is on and on the same network, and that its address has not changed (give it a fixed address on the router).");
    public static readonly MessageTemplate ConnectFailed = new("Reach.ConnectFailed", "Connecting to {0} failed ({1}).");
    public static readonly MessageTemplate AcceptsRange = new("Reach.AcceptsRange",
        "{0} accepts connections on ports {1} and {2} (the first and last of the range).{3}");
    public static readonly MessageTemplate Accepts = new("Reach.Accepts", "{0} accepts connections.{1}");
    public static readonly MessageTemplate AlsoUdpAnswered = new("Reach.AlsoUdpAnswered", " Over UDP it answered {0} datagrams through this rule in the last hour.");
    public static readonly MessageTemplate AlsoUdpUntried = new("Reach.AlsoUdpUntried", " UDP is not tried: it has no connection to open.");
    public static readonly MessageTemplate WebAnswered = new("Reach.WebAnswered", "The web server at {0} answered {1} {2}.");
    public static readonly MessageTemplate NotHttp = new("Reach.NotHttp", "The web server at {0} did not answer with HTTP ({1}).");
    public static readonly MessageTemplate NotHttpFix = new("Reach.NotHttpFix", "Check that {0} serves plain HTTP (PortFwd forwards to http://, not https://).");

    // Step 2: PortFwd listens.
    public static readonly MessageTemplate RelayPort = new("Reach.RelayPort", "{0} port {1}");
    public static readonly MessageTemplate RelayPorts = new("Reach.RelayPorts", "{0} ports {1}");
    public static readonly MessageTemplate Listens = new("Reach.Listens", "PortFwd listens on {0}.");
    public static readonly MessageTemplate RuleOff = new("Reach.RuleOff", "The rule is turned off, so PortFwd does not listen on {0}.");
    public static readonly MessageTemplate RuleOffFix = new("Reach.RuleOffFix", "Turn the rule on with its switch in the rules table.");
    public static readonly MessageTemplate OutsideSchedule = new("Reach.OutsideSchedule", "The rule is outside its schedule, so PortFwd does not listen on {0} now ({1}).");
    public static readonly MessageTemplate CannotListen = new("Reach.CannotListen", "PortFwd cannot listen on {0}: {1}");
    public static readonly MessageTemplate CannotListenFix = new("Reach.CannotListenFix",
        "Free the port (stop the program that holds it) or give the rule another external port, then save it again.");
    public static readonly MessageTemplate NotApplied = new("Reach.NotApplied", "The rule is saved but not applied yet ({0})");

    // Step 3: the router.
    public static readonly MessageTemplate CannotSeeRouter = new("Reach.CannotSeeRouter", "PortFwd cannot see the router's forwardings: {0}.");
    public static readonly MessageTemplate WhyClientOff = new("Reach.WhyClientOff", "the router client is switched off (PortFwd:Router:Enabled)");
    public static readonly MessageTemplate WhyNotOpenOnRouter = new("Reach.WhyNotOpenOnRouter", "\"Open on router\" is off for this rule");
    public static readonly MessageTemplate WhyNoRouter = new("Reach.WhyNoRouter", "no router answers ({0})");
    public static readonly MessageTemplate RouterSaidNothing = new("Reach.RouterSaidNothing", "The router did not say whether it forwards {0} {1}: {2}");
    public static readonly MessageTemplate RouterSaidNothingFix = new("Reach.RouterSaidNothingFix", "Check again in a minute. {0}");
    public static readonly MessageTemplate ForwardsElsewhere = new("Reach.ForwardsElsewhere",
        "The router forwards {0} {1} to {2}:{3}, not to this machine ({4}:{5}).");
    public static readonly MessageTemplate ForwardsElsewhereFix = new("Reach.ForwardsElsewhereFix",
        "Remove that forwarding on the router's own page, or give this rule another external port.");
    public static readonly MessageTemplate ForwardsElsewhereFixAt = new("Reach.ForwardsElsewhereFixAt",
        "Remove that forwarding on the router's own page ({0}), or give this rule another external port.");
    public static readonly MessageTemplate Forwards = new("Reach.Forwards", "The router forwards {0} to this machine ({1}){2}.");
    public static readonly MessageTemplate LeasePermanent = new("Reach.LeasePermanent", ", permanently");
    public static readonly MessageTemplate LeaseMinute = new("Reach.LeaseMinute", "; the lease has {0} minute left and PortFwd renews it");
    public static readonly MessageTemplate LeaseMinutes = new("Reach.LeaseMinutes", "; the lease has {0} minutes left and PortFwd renews it");
    public static readonly MessageTemplate RouterOutsideSchedule = new("Reach.RouterOutsideSchedule",
        "The router does not forward {0} {1}: the rule is outside its schedule ({2}), so PortFwd removed its forwarding there.");
    public static readonly MessageTemplate ProtocolsAnd = new("Reach.ProtocolsAnd", "{0} and {1} {2}");
    public static readonly MessageTemplate LanAddressUnknown = new("Reach.LanAddressUnknown", "this machine's LAN address");
    public static readonly MessageTemplate OnRouterPage = new("Reach.OnRouterPage", "On the router's own page");
    public static readonly MessageTemplate OnRouterPageAt = new("Reach.OnRouterPageAt", "On the router's own page ({0})");
    public static readonly MessageTemplate RouterPageUsually = new("Reach.RouterPageUsually", "usually http://{0}/");
    public static readonly MessageTemplate OrOpenOnRouter = new("Reach.OrOpenOnRouter", ", or turn on \"Open on router\" for this rule and let PortFwd do it");
    public static readonly MessageTemplate ManualPort = new("Reach.ManualPort",
        "{0}, under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), forward {1} to {2} port {3}{4}.");
    public static readonly MessageTemplate ManualPorts = new("Reach.ManualPorts",
        "{0}, under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), forward {1} to {2} ports {3}{4}.");
    public static readonly MessageTemplate NotForwardedNotAsked = new("Reach.NotForwardedNotAsked",
        "The router does not forward {0}, and \"Open on router\" is off for this rule.");
    public static readonly MessageTemplate CannotListRouterTable = new("Reach.CannotListRouterTable",
        "\"Open on router\" is off for this rule, and this router (PCP or NAT-PMP) cannot show forwardings set up on its own page.");
    public static readonly MessageTemplate RouterRuleOff = new("Reach.RouterRuleOff",
        "The router does not forward {0}: the rule is turned off, so PortFwd removed its forwarding there.");
    public static readonly MessageTemplate RouterRuleOffFix = new("Reach.RouterRuleOffFix",
        "Turn the rule on with its switch in the rules table; PortFwd then asks the router to forward the port again.");
    public static readonly MessageTemplate StillAsking = new("Reach.StillAsking", "PortFwd is still asking the router to forward {0}.");
    public static readonly MessageTemplate RouterError = new("Reach.RouterError", "The router does not forward {0}. {1}");
    public static readonly MessageTemplate RouterErrorFix = new("Reach.RouterErrorFix",
        "Check that the router allows UPnP (or NAT-PMP/PCP) to open ports and that no other device holds this port there. {0}");
    public static readonly MessageTemplate RouterLost = new("Reach.RouterLost",
        "The router does not forward {0}, although it had agreed to (it may have restarted and lost it).");
    public static readonly MessageTemplate RouterLostFix = new("Reach.RouterLostFix", "PortFwd asks again on its next pass; check again in a minute. {0}");
    public static readonly MessageTemplate RouterNotAskedYet = new("Reach.RouterNotAskedYet",
        "The router does not forward {0} yet: PortFwd has not asked it since it was found.");
    public static readonly MessageTemplate CheckAgainInAMoment = new("Reach.CheckAgainInAMoment", "Check again in a moment.");

    // Step 4: the public address.
    public static readonly MessageTemplate SharedAddressFix = new("Reach.SharedAddressFix",
        "Ask the provider for a public IPv4 address (some call it opting out of carrier-grade NAT, some sell it as a static IP), or reach this machine over IPv6.");
    public static readonly MessageTemplate AskedService = new("Reach.AskedService", " (asked {0})");
    public static readonly MessageTemplate InternetSees = new("Reach.InternetSees", " The internet sees this network at {0}{1}.");
    public static readonly MessageTemplate AnotherNat = new("Reach.AnotherNat",
        "The router's address is {0}, but the internet sees this network at {1}{2}: another NAT sits between the router and the internet, most likely the provider's carrier-grade NAT.");
    public static readonly MessageTemplate RouterPublic = new("Reach.RouterPublic", "The router's address {0} is public, so nothing else stands in front of it.");
    public static readonly MessageTemplate RouterPublicSeen = new("Reach.RouterPublicSeen", "The router's address {0} is public, and it is the address the internet sees{1}.");
    public static readonly MessageTemplate DoubleNat = new("Reach.DoubleNat",
        "The router's own address {0} is private: another router sits in front of it (double NAT), often the provider's box.{1}");
    public static readonly MessageTemplate DoubleNatFix = new("Reach.DoubleNatFix",
        "Put the provider's box in bridge (or modem-only) mode, or forward the same port on it too, to {0}. Then check again.");
    public static readonly MessageTemplate CarrierGradeNat = new("Reach.CarrierGradeNat",
        "The router's address {0} is in 100.64.0.0/10: the provider uses carrier-grade NAT and shares one public address among many customers, so a port forwarded on the router cannot be reached from the internet over IPv4.{1}");
    public static readonly MessageTemplate NoPublicAddress = new("Reach.NoPublicAddress",
        "The router has no public IPv4 address of its own: it sits behind the provider's carrier-grade NAT (or a second router), so a port forwarded on it cannot be reached from the internet over IPv4.{0}");
    public static readonly MessageTemplate NoPublicAddressFix = new("Reach.NoPublicAddressFix",
        "{0} If a second router of yours sits in front, forward the port on it too or put it in bridge mode.");
    public static readonly MessageTemplate SeenWithoutRouter = new("Reach.SeenWithoutRouter",
        "The internet sees this network at {0}{1}. No router tells its own address, so PortFwd cannot tell whether another NAT (double or carrier-grade) sits in front.");
    public static readonly MessageTemplate SeenWithoutRouterFix = new("Reach.SeenWithoutRouterFix",
        "Let PortFwd talk to the router (UPnP, NAT-PMP or PCP on the router, PortFwd:Router:Enabled here) to have this checked.");
    public static readonly MessageTemplate PublicAddressUnknown = new("Reach.PublicAddressUnknown",
        "The public address is not known: no router tells it, and no outside service was asked (the probe and the echo services are off or did not answer).");
    public static readonly MessageTemplate PublicAddressUnknownFix = new("Reach.PublicAddressUnknownFix",
        "Let PortFwd talk to the router (UPnP, NAT-PMP or PCP), or set PortFwd:Reachability:ProbeUrl or PortFwd:PublicAddress:EchoUrls.");

    // Step 5: from the internet.
    public static readonly MessageTemplate ProbeOff = new("Reach.ProbeOff",
        "Nothing tried to connect from the internet: the outside probe is off (PortFwd:Reachability:ProbeUrl is empty).");
    public static readonly MessageTemplate ProbeOffFix = new("Reach.ProbeOffFix",
        "Set PortFwd:Reachability:ProbeUrl to an echoip service's port test, such as https://ifconfig.co/port/{{port}}, or try from a phone on mobile data.");
    public static readonly MessageTemplate UdpOnly = new("Reach.UdpOnly",
        "An outside probe can only try TCP: a UDP port has no connection to open, and a service answers only datagrams of its own protocol.");
    public static readonly MessageTemplate UdpOnlyFix = new("Reach.UdpOnlyFix", "Try the service from a client outside the network, such as a phone on mobile data.");
    public static readonly MessageTemplate ProbeNoAnswer = new("Reach.ProbeNoAnswer",
        "The outside probe gave no answer: {0}. Whether the internet can connect is not known.");
    public static readonly MessageTemplate ProbeIsOff = new("Reach.ProbeIsOff", "The probe is off (PortFwd:Reachability:ProbeUrl is empty).");
    public static readonly MessageTemplate ProbeHttpStatus = new("Reach.ProbeHttpStatus", "{0} answered {1} {2}");
    public static readonly MessageTemplate ProbeUnreachable = new("Reach.ProbeUnreachable", "{0} could not be reached ({1})");
    public static readonly MessageTemplate ProbeTimedOut = new("Reach.ProbeTimedOut", "{0} did not answer in time");
    public static readonly MessageTemplate ProbeNotEchoip = new("Reach.ProbeNotEchoip", "{0} did not answer in the echoip format (no \"reachable\" field)");
    public static readonly MessageTemplate ProbeOtherPort = new("Reach.ProbeOtherPort", "{0} answered for port {1}, not {2}");
    public static readonly MessageTemplate ProbeNotJson = new("Reach.ProbeNotJson", "{0} did not answer with JSON");
    public static readonly MessageTemplate ProbeNoAnswerFix = new("Reach.ProbeNoAnswerFix",
        "Check again later, or set PortFwd:Reachability:ProbeUrl to another echoip service.");
    public static readonly MessageTemplate ProbeStale = new("Reach.ProbeStale",
        "Not tried again: the rule was saved after the outside probe last tried port {0}, and the probe is asked at most once per rule in PortFwd:Reachability:ProbeIntervalSeconds.");
    public static readonly MessageTemplate ProbeStaleFix = new("Reach.ProbeStaleFix", "Check again in a few seconds.");
    public static readonly MessageTemplate ProbePort = new("Reach.ProbePort", "port {0}");
    public static readonly MessageTemplate ProbeSawElsewhere = new("Reach.ProbeSawElsewhere", " It saw this network at {0}, not at the public address {1}.");
    public static readonly MessageTemplate ProbeConnected = new("Reach.ProbeConnected", "{0} connected to {1} from the internet.{2}");
    public static readonly MessageTemplate ProbeNotConnected = new("Reach.ProbeNotConnected", "{0} could not connect to {1} from the internet.{2}");
    public static readonly MessageTemplate LookAtRelay = new("Reach.LookAtRelay", "PortFwd is not listening on the port: fix the relay step first.");
    public static readonly MessageTemplate LookAtRouter = new("Reach.LookAtRouter", "The router does not forward the port to this machine: fix the router step first.");
    public static readonly MessageTemplate LookAtPublicAddress = new("Reach.LookAtPublicAddress", "Something in front of the router blocks the way in: see the public address step.");
    public static readonly MessageTemplate LookFurtherOut = new("Reach.LookFurtherOut",
        "Everything on this side looks right, so the block is further out: check the router's own firewall settings, and whether the provider blocks incoming connections on this port (many block 25, 80 and 443 on home lines); another external port may work.");

    // Step 6: Dynamic DNS names.
    public static readonly MessageTemplate NoDdnsName = new("Reach.NoDdnsName",
        "No Dynamic DNS name is set up, so the rule is reached by address{0}, which the provider may change.");
    public static readonly MessageTemplate AtAddress = new("Reach.AtAddress", " at {0}:{1}");
    public static readonly MessageTemplate NoDdnsNameFix = new("Reach.NoDdnsNameFix",
        "Add a name on the Dynamic DNS page to reach the rule by name even when the address changes.");
    public static readonly MessageTemplate NameElsewhereFix = new("Reach.NameElsewhereFix",
        "See the last update of {0} on the Dynamic DNS page; a new address can take as long as the record's time-to-live to show everywhere.");
    public static readonly MessageTemplate NameUnknownAddressFix = new("Reach.NameUnknownAddressFix", "Check again once the public address is known.");

    // The verdict in a few words: the rule's row (its badge) and the API's summary.
    public static readonly MessageTemplate SummaryChecking = new("Reach.Summary.Checking", "Checking…");
    public static readonly MessageTemplate SummaryReachable = new("Reach.Summary.Reachable", "Reachable from the internet");
    public static readonly MessageTemplate SummaryService = new("Reach.Summary.Service", "Service not answering");
    public static readonly MessageTemplate SummaryRelay = new("Reach.Summary.Relay", "Not listening");
    public static readonly MessageTemplate SummaryRouter = new("Reach.Summary.Router", "Closed at the router");
    public static readonly MessageTemplate SummaryBehindRouter = new("Reach.Summary.BehindRouter", "Behind another router");
    public static readonly MessageTemplate SummaryProviderNat = new("Reach.Summary.ProviderNat", "Blocked by the provider's NAT");
    public static readonly MessageTemplate SummaryInternet = new("Reach.Summary.Internet", "Closed from the internet");
    public static readonly MessageTemplate SummaryName = new("Reach.Summary.Name", "Name points elsewhere");
    public static readonly MessageTemplate SummaryUntried = new("Reach.Summary.Untried", "Not tried from the internet");

    /// <summary>Every template, for the translations' completeness test.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = MessageTemplate.DeclaredIn(typeof(ReachabilityMessages));

    /// <summary>A value that is a sentence part in words when present, else nothing ("" in every language).</summary>
    internal static object Optional(ValidationMessage? part) => (object?)part ?? "";
}
