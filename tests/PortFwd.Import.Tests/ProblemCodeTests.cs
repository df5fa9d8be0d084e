namespace PortFwd.Import.Tests;

/// <summary>
/// What the rinetd, iptables and nft imports say about a line they refuse carries a code and its values (the panel says
/// it in the person's language), while its English stays what <c>/api/import</c> answered before.
/// </summary>
public class ProblemCodeTests
{
    /// <summary>The rule on line 2 of iptables-save output, line 4 of nft's ruleset, or an allow line under a forward (line 2).</summary>
    private static string Around(ImportFormat format, string rule) => format switch
    {
        ImportFormat.Iptables => $"*nat\n-A PREROUTING {rule}\nCOMMIT\n",
        ImportFormat.Nftables => $"table ip nat {{\n\tchain prerouting {{\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\t{rule}\n\t}}\n}}\n",
        _ => $"0.0.0.0 8080 192.168.1.20 80\n{rule}\n",
    };

    private static int LineOf(ImportFormat format) => format == ImportFormat.Nftables ? 4 : 2;

    [Theory]
    [InlineData(ImportFormat.Iptables, "-p tcp !", "Import.IptablesEndsAfterNot", "The line ends after \"!\".")]
    [InlineData(ImportFormat.Iptables, "! -p udp --dport 80 -j DNAT --to-destination 10.0.0.1", "Import.IptablesEveryProtocolBut",
        "It matches every protocol but udp; PortFwd forwards TCP and UDP by name.")]
    [InlineData(ImportFormat.Iptables, "! -s 10.0.0.0/8 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1", "Import.IptablesEveryoneBut",
        "It forwards for everyone but 10.0.0.0/8; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for 10.0.0.0/8 and import the rule without \"! -s\".")]
    [InlineData(ImportFormat.Iptables, "! -d 203.0.113.5 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1", "Import.EveryAddressBut",
        "It matches traffic to every address but 203.0.113.5; a PortFwd rule listens on one address or on all.")]
    [InlineData(ImportFormat.Iptables, "-p tcp -m mark --mark 1 --dport 80 -j DNAT --to-destination 10.0.0.1", "Import.IptablesModule",
        "-m mark narrows what is forwarded in a way PortFwd cannot hold; import the rule by hand if that part does not matter.")]
    [InlineData(ImportFormat.Iptables, "-p tcp ! --dport 22 -j DNAT --to-destination 10.0.0.1", "Import.EveryPortBut",
        "It forwards every port but 22; PortFwd forwards the ports it lists.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80:x -j DNAT --to-destination 10.0.0.1", "Import.NotAPortOrRange",
        "\"80:x\" is not a port or a range like 8000:8010.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --sport 1024 --dport 80 -j DNAT --to-destination 10.0.0.1", "Import.SourcePort",
        "It matches the client's source port (1024); PortFwd forwards by the port connected to, from any source port.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1 --to-destination 10.0.0.2", "Import.IptablesSeveralTargets",
        "It spreads connections over several --to-destination targets; PortFwd forwards each rule to one host.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 --frobnicate -j DNAT --to-destination 10.0.0.1", "Import.IptablesUnknownOption",
        "\"--frobnicate\" is not an option the import reads; it may narrow what is forwarded, so the rule is left for you to add by hand.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT", "Import.NoTarget", "The rule gives no address to forward to.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination [2001:db8::1", "Import.TargetNotAddress",
        "\"[2001:db8::1\" is not an address[:port].")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination :80", "Import.TargetNoAddress", "\":80\" gives no address to forward to.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1-10.0.0.3", "Import.TargetSpread",
        "It spreads connections over the addresses 10.0.0.1-10.0.0.3; PortFwd forwards each rule to one host.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 8000:8010 -j DNAT --to-destination 10.0.0.1:8000-8010/x", "Import.TargetBadBasePort",
        "\"10.0.0.1:8000-8010/x\" has a bad base port after \"/\".")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:abc", "Import.TargetNotPorts",
        "\"abc\" in \"10.0.0.1:abc\" is not a port or a range like 8000-8010.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 8000:8010 -j DNAT --to-destination 10.0.0.1:80", "Import.RangeToOnePort",
        "It sends ports 8000-8010 to the single port 80; PortFwd maps a range one to one, so it cannot hold that.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8000-8010", "Import.PortNotOneToOne",
        "It sends port 80 to ports 8000-8010, which the kernel does not map one to one; PortFwd maps a range one to one onto the same number of ports.")]
    [InlineData(ImportFormat.Iptables, "-p tcp --dport 9000:9010 -j DNAT --to-destination 10.0.0.1:8000-8010/7000", "Import.PortsNotOneToOne",
        "It sends ports 9000-9010 to ports 8000-8010/7000, which the kernel does not map one to one; PortFwd maps a range one to one onto the same number of ports.")]
    [InlineData(ImportFormat.Nftables, "tcp dport 80 frob dnat to 10.0.0.1", "Import.NftUnknownWord",
        "\"frob\" is not something the import reads in a nat rule; it may narrow what is forwarded, so the rule is left for you to add by hand.")]
    [InlineData(ImportFormat.Nftables, "ip saddr @trusted tcp dport 80 dnat to 10.0.0.1", "Import.NftNamedAddressSet",
        "ip saddr @trusted reads the named set trusted, which the import does not follow; write its addresses into the rule.")]
    [InlineData(ImportFormat.Nftables, "ip saddr != 10.0.0.0/8 tcp dport 80 dnat to 10.0.0.1", "Import.NftEveryoneBut",
        "It forwards for everyone but 10.0.0.0/8; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for those sources.")]
    [InlineData(ImportFormat.Nftables, "ip daddr != 203.0.113.5 tcp dport 80 dnat to 10.0.0.1", "Import.EveryAddressBut",
        "It matches traffic to every address but 203.0.113.5; a PortFwd rule listens on one address or on all.")]
    [InlineData(ImportFormat.Nftables, "ip daddr { 203.0.113.5, 203.0.113.6 } tcp dport 80 dnat to 10.0.0.1", "Import.DestinationSet",
        "It matches traffic to {203.0.113.5,203.0.113.6}; a PortFwd rule listens on one address or on all.")]
    [InlineData(ImportFormat.Nftables, "ip ttl 64 tcp dport 80 dnat to 10.0.0.1", "Import.NftNotRead",
        "ip ttl is not something the import reads in a nat rule; the rule is left for you to add by hand.")]
    [InlineData(ImportFormat.Nftables, "tcp flags syn dnat to 10.0.0.1", "Import.NftNotRead",
        "tcp flags is not something the import reads in a nat rule; the rule is left for you to add by hand.")]
    [InlineData(ImportFormat.Nftables, "meta mark 1 tcp dport 80 dnat to 10.0.0.1", "Import.NftNotRead",
        "meta mark is not something the import reads in a nat rule; the rule is left for you to add by hand.")]
    [InlineData(ImportFormat.Nftables, "tcp sport 1024 dnat to 10.0.0.1", "Import.SourcePort",
        "It matches the client's source port (1024); PortFwd forwards by the port connected to, from any source port.")]
    [InlineData(ImportFormat.Nftables, "tcp dport != 22 dnat to 10.0.0.1", "Import.EveryPortBut", "It forwards every port but 22; PortFwd forwards the ports it lists.")]
    [InlineData(ImportFormat.Nftables, "tcp dport @web dnat to 10.0.0.1", "Import.NftNamedPortSet",
        "dport @web reads the named set web, which the import does not follow; write its ports into the rule.")]
    [InlineData(ImportFormat.Nftables, "tcp dport 80-x dnat to 10.0.0.1", "Import.NotAPortOrRange", "\"80-x\" is not a port or a range like 8000-8010.")]
    [InlineData(ImportFormat.Nftables, "tcp dport 80 dnat to 10.0.0.1 redirect to :81", "Import.NftTwoStatements",
        "It has both dnat and redirect; the import reads one forward a rule.")]
    [InlineData(ImportFormat.Nftables, "tcp dport 80 dnat 10.0.0.1", "Import.NftFormNotRead",
        "\"dnat 10.0.0.1\" is a form the import does not read (maps, or options); add the rule by hand.")]
    [InlineData(ImportFormat.Nftables, "tcp dport 80 dnat to x map { 80 : 10.0.0.1 }", "Import.NftMap",
        "dnat through a map sends each port somewhere else; the import does not read maps, so add those rules by hand.")]
    [InlineData(ImportFormat.Nftables, "meta l4proto udp tcp dport 80 dnat to 10.0.0.1", "Import.NftL4protoMismatch",
        "It matches tcp dport but l4proto udp; fix the rule or add it by hand.")]
    [InlineData(ImportFormat.Nftables, "meta l4proto icmp th dport 80 dnat to 10.0.0.1", "Import.NftProtocol", "It matches protocol icmp; PortFwd forwards TCP and UDP.")]
    [InlineData(ImportFormat.Rinetd, "allow 2001:db8::*", "Import.RinetdAllowV6Wildcard",
        "\"2001:db8::*\" is an IPv6 wildcard pattern, which does not map onto a network; write the network instead (like 2001:db8::/32).")]
    [InlineData(ImportFormat.Rinetd, "allow 2001:db8::zz", "Import.RinetdAllowNotV6", "\"2001:db8::zz\" is not an IPv6 address.")]
    [InlineData(ImportFormat.Rinetd, "allow 192.168.1.1?", "Import.RinetdAllowQuestionMark",
        "\"192.168.1.1?\" uses \"?\", which matches single digits, not a network; write the network instead (like 192.168.1.0/24).")]
    [InlineData(ImportFormat.Rinetd, "allow 10.*.1.1", "Import.RinetdAllowInnerStar",
        "\"10.*.1.1\" has a \"*\" inside the address, which matches no single network; only whole trailing parts can be \"*\" (like 192.168.1.*).")]
    [InlineData(ImportFormat.Rinetd, "allow 10.1", "Import.RinetdAllowNotV4", "\"10.1\" is not an IPv4 address or pattern.")]
    public void A_refused_line_says_why_with_a_code_and_the_English_the_API_gave_before(ImportFormat format, string rule, string code, string english)
    {
        var result = RuleImporter.Parse(format, Around(format, rule));

        var problem = Assert.Single(result.Problems, p => p.Line == LineOf(format));
        Assert.Equal((code, english), (problem.Said?.Code, problem.Reason));
        Assert.Equal(english, problem.Said!.Text);
        Assert.Contains(ImportMessages.All, t => t.Code == code);
    }
}
