namespace PortFwd.Import.Tests;

/// <summary>
/// Each sample under Samples/ (comments, ranges, sources, IPv6, unsupported lines, CRLF endings, tabs), imported whole:
/// the exact drafts (in <see cref="Samples.Describe(ImportedRule)"/>'s one-line form), problems and notes, in file order.
/// </summary>
public class SampleImportTests
{
    private sealed record Expected(ImportFormat Format, string[] Rules, string[] Problems, string[] Notes);

    public static TheoryData<string> Files => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_sample_imports_into_exactly_the_expected_drafts_problems_and_notes(string file)
    {
        var expected = Table[file];

        var result = RuleImporter.Parse(expected.Format, Samples.Read(file));

        Assert.Equal(expected.Rules, result.Rules.Select(Samples.Describe));
        Assert.Equal(expected.Problems, result.Problems.Select(Samples.Describe));
        Assert.Equal(expected.Notes, result.Notes.Select(Samples.Describe));
    }

    private static readonly Dictionary<string, Expected> Table = new()
    {
        ["rinetd.conf"] = new(ImportFormat.Rinetd,
            [
                "13 rinetd line 13 | tcp 8080 -> 192.168.1.20:80 from 192.168.0.0/16, 203.0.113.0/24 | Imported from rinetd.conf line 13",
                "14 rinetd line 14 | tcp 2222 -> 192.168.1.30:22 listen 198.51.100.7 from 192.168.1.5/32, 203.0.113.0/24 | Imported from rinetd.conf line 14",
                "18 rinetd line 18 | tcp 80 -> nas.lan:443 from 192.168.0.0/16, 203.0.113.0/24 | Imported from rinetd.conf line 18",
                "19 rinetd line 19 | udp 5353 -> 192.168.1.53:53 from 192.168.0.0/16, 203.0.113.0/24 | Imported from rinetd.conf line 19",
                "25 rinetd line 25 | tcp 8443 -> 2001:db8::20:443 from 192.168.0.0/16, 203.0.113.0/24 | Imported from rinetd.conf line 25",
            ],
            [
                "20: This forward takes TCP and sends UDP; PortFwd forwards each protocol as itself, so it cannot be imported.",
                "21: \"smb\" is a service name the import does not know; write its port number instead.",
                "22: No address passes both the global allow lines (192.168.0.0/16, 203.0.113.0/24) and this rule's own (10.0.0.0/8): rinetd refuses every connection to it, so there is nothing to forward.",
                "24: deny cannot be imported: a PortFwd rule lets in only the sources it lists, it has no deny list. The rule on line 22 is imported without it; to keep 192.168.1.66 out, put it on the blocklist.",
                "26: \"rinetd line 26\": This would forward the port to itself on this machine; choose another internal port or host.",
                "27: \"rinetd line 27\": Port 8080/TCP is already forwarded by rule \"rinetd line 13\"; choose another external port or disable that rule first.",
                "28: The allow line 29 that applies to this rule could not be read; without it the rule would let in more than rinetd does. Fix that line and import again.",
                "29: \"192.168.1.1?\" uses \"?\", which matches single digits, not a network; write the network instead (like 192.168.1.0/24).",
                "30: Not a rinetd line: a forward is \"bindaddress bindport connectaddress connectport\", like \"0.0.0.0 8080 192.168.1.20 80\".",
            ],
            [
                "9: PortFwd keeps its own log of connections and traffic; rinetd's log file is not needed.",
                "10: PortFwd keeps its own log of connections and traffic; rinetd's log format is not needed.",
                "11: PortFwd runs as its own service and needs no pid file.",
                "19: Options not carried over: timeout (PortFwd ends idle UDP sessions on its own timer).",
            ]),
        ["rinetd-windows.conf"] = new(ImportFormat.Rinetd,
            [
                "3 rinetd line 3 | tcp 3389 -> 192.168.1.50:3389 from 10.0.0.0/24 | Imported from rinetd.conf line 3",
            ],
            [
                "4: deny cannot be imported: a PortFwd rule lets in only the sources it lists, it has no deny list. The rule on line 3 is imported without it; to keep 10.0.0.9 out, put it on the blocklist.",
            ],
            []),
        ["frpc.toml"] = new(ImportFormat.Frpc,
            [
                "9 ssh | tcp 6022 -> 192.168.1.30:22 | Imported from frpc.toml line 9",
                "17 dns | udp 5353 -> 192.168.1.53:53 | Imported from frpc.toml line 17",
                "24 web | http 80 -> 192.168.1.20:8080 hosts www.example.com, example.com | Imported from frpc.toml line 24; frps's vhostHTTPPort is not in frpc's file, so it answers on port 80",
                "33 apps /app | http 80 -> 192.168.1.21:3000 hosts apps.example.com path /app | Imported from frpc.toml line 33; frps's vhostHTTPPort is not in frpc's file, so it answers on port 80",
                "33 apps /api | http 80 -> 192.168.1.21:3000 hosts apps.example.com path /api | Imported from frpc.toml line 33; frps's vhostHTTPPort is not in frpc's file, so it answers on port 80",
                "79 v6 | tcp 8443 -> 2001:db8::40:8443 | Imported from frpc.toml line 79",
                "88 game-7000-7007 | udp 7000-7007 -> 192.168.1.60:6000 | Imported from frpc.toml line 88",
                "88 game-7200 | udp 7200 -> 192.168.1.60:6100 | Imported from frpc.toml line 88",
            ],
            [
                "43: \"admin\" asks for a password (httpUser/httpPassword); PortFwd's HTTP rules have none, so importing it would open it to anyone.",
                "51: \"nas-tls\" is an https proxy: frps passes the TLS connection through by its host name, and PortFwd ends TLS itself. Add it as an HTTP rule with HTTPS on, or as a TCP rule on port 443.",
                "58: \"secret_ssh\": stcp proxies need frps visitors; PortFwd forwards only tcp, udp and http.",
                "65: \"socks\" hands its connections to frpc's socks5 plugin instead of forwarding them to a local port; PortFwd forwards to a host and port only.",
                "77: \"random\": remotePort 0 lets frps pick a random port; set the port it uses in remotePort and import again.",
                "99: \"from-env\": localIP takes its value from a template (\"{{ .Envs.TARGET_IP }}\"), which frpc fills in when it starts and the import cannot.",
                "103: \"secret_ssh_visitor\" is a visitor: it reaches another frpc's stcp proxy through frps, which PortFwd does not do.",
            ],
            [
                "15: \"ssh\": transport.bandwidthLimit is not carried over; PortFwd does not limit bandwidth.",
                "30: \"web\": subdomain is not carried over (it is a name under frps's subdomainHost); the rule answers its customDomains.",
                "85: \"v6\": transport.proxyProtocolVersion is not carried over; the service expects a PROXY protocol header, which PortFwd does not send: turn it off in the service.",
            ]),
        ["frpc.ini"] = new(ImportFormat.Frpc,
            [
                "7 ssh | tcp 6022 -> 192.168.1.30:22 | Imported from frpc.ini line 7",
                "13 media-20000-20009 | udp 20000-20009 -> 192.168.1.70:10000 | Imported from frpc.ini line 13",
                "13 media-20020 | udp 20020 -> 192.168.1.70:10020 | Imported from frpc.ini line 13",
                "19 web01 | http 80 -> 192.168.1.20:80 hosts web01.example.com, www.web01.example.com | Imported from frpc.ini line 19; frps's vhostHTTPPort is not in frpc's file, so it answers on port 80",
            ],
            [
                "26: \"web02\": subdomain \"web02\" is a name under frps's subdomainHost, which frpc's file does not hold; write the full name in customDomains and import again.",
                "31: \"p2p_ssh\": xtcp proxies need frps visitors; PortFwd forwards only tcp, udp and http.",
                "37: \"p2p_ssh_visitor\" is a visitor: it reaches another frpc's xtcp proxy through frps, which PortFwd does not do.",
                "45: \"mux\": tcpmux proxies share one frps port through HTTP CONNECT; PortFwd forwards only tcp, udp and http.",
            ],
            []),
        ["iptables-save.txt"] = new(ImportFormat.Iptables,
            [
                "17 iptables line 17 | tcp 8080 -> 192.168.1.20:80 | Imported from iptables-save line 17",
                "18 iptables line 18 | tcp 2222 -> 192.168.1.30:22 listen 198.51.100.1 from 203.0.113.0/24, 198.51.100.7/32 | ssh for the office (iptables-save line 18)",
                "19 iptables line 19 | udp 27015-27030 -> 192.168.1.60:27015 | Imported from iptables-save line 19",
                "20 iptables line 20 port 80 | tcp 80 -> 192.168.1.21:80 | Imported from iptables-save line 20",
                "20 iptables line 20 port 443 | tcp 443 -> 192.168.1.21:443 | Imported from iptables-save line 20",
                "20 iptables line 20 port 8000-8010 | tcp 8000-8010 -> 192.168.1.21:8000 | Imported from iptables-save line 20",
                "22 iptables line 22 | tcp 7000-7010 -> 192.168.1.23:8000 | Imported from iptables-save line 22",
                "23 iptables line 23 | tcp 3000 -> 127.0.0.1:3001 | Imported from iptables-save line 23",
                "32 iptables line 32 | udp 51820 -> 192.168.1.2:51820 | Imported from iptables-save line 32",
            ],
            [
                "21: It sends ports 9000-9010 to the single port 9500; PortFwd maps a range one to one, so it cannot hold that.",
                "24: It forwards for everyone but 10.0.0.0/8; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for 10.0.0.0/8 and import the rule without \"! -s\".",
                "25: It spreads connections over the addresses 192.168.1.53-192.168.1.54; PortFwd forwards each rule to one host.",
                "26: -m mark narrows what is forwarded in a way PortFwd cannot hold; import the rule by hand if that part does not matter.",
                "27: -p icmp: PortFwd forwards TCP and UDP.",
                "28: -j RETURN is not a port forward: it exempts some traffic from the forwards after it, which PortFwd cannot hold.",
                "31: \"iptables line 31\": Port 8080/TCP is already forwarded by rule \"iptables line 17\"; choose another external port or disable that rule first.",
            ],
            [
                "2: Only the nat table holds port forwards; the filter table's rules are skipped.",
                "17: Only traffic arriving on eth0 was forwarded; PortFwd listens on every interface unless the rule gets a listen address.",
                "33: The OUTPUT chain is not reached from PREROUTING, so it forwards nothing from outside.",
                "34: -j MASQUERADE is not a port forward: it rewrites the source of traffic leaving this machine.",
                "35: Docker publishes this port for a container itself; importing it would clash with Docker.",
            ]),
        ["ip6tables-save.txt"] = new(ImportFormat.Iptables,
            [
                "5 iptables line 5 | tcp 8443 -> 2001:db8::20:443 from 2001:db8:aa::/48 | Imported from iptables-save line 5",
                "6 iptables line 6 | udp 51820 -> 2001:db8::2:51820 | Imported from iptables-save line 6",
            ],
            [],
            []),
        ["iptables-commands.sh"] = new(ImportFormat.Iptables,
            [
                "3 iptables line 3 | tcp 8080 -> 192.168.1.20:80 | Imported from iptables-save line 3",
                "4 iptables line 4 | udp 1194 -> 192.168.1.5:1194 | Imported from iptables-save line 4",
            ],
            [],
            [
                "5: Only the nat table holds port forwards; this rule of the filter table is skipped.",
                "6: -j MASQUERADE is not a port forward: it rewrites the source of traffic leaving this machine.",
            ]),
        ["nft-ruleset.txt"] = new(ImportFormat.Nftables,
            [
                "18 nft line 18 | tcp 8080 -> 192.168.1.20:80 | Imported from nft list ruleset line 18",
                "19 nft line 19 | tcp 2222 -> 192.168.1.30:22 listen 198.51.100.1 from 203.0.113.0/24, 198.51.100.7 | ssh for the office (nft list ruleset line 19)",
                "20 nft line 20 | tcpudp 27015-27030 -> 192.168.1.60:27015 | Imported from nft list ruleset line 20",
                "21 nft line 21 port 80 | tcp 80 -> 192.168.1.21:80 | Imported from nft list ruleset line 21",
                "21 nft line 21 port 443 | tcp 443 -> 192.168.1.21:443 | Imported from nft list ruleset line 21",
                "22 nft line 22 | udp 51820 -> 192.168.1.2:51820 | Imported from nft list ruleset line 22",
                "23 nft line 23 | tcp 3000 -> 127.0.0.1:3001 | Imported from nft list ruleset line 23",
                "32 nft line 32 | tcp 4443 -> 192.168.1.44:443 | Imported from nft list ruleset line 32",
                "48 nft line 48 | tcp 8443 -> 2001:db8::20:443 from 2001:db8:aa::/48 | Imported from nft list ruleset line 48",
            ],
            [
                "24: It forwards for everyone but 10.0.0.0/8; a PortFwd rule lets in only the sources it lists, so it cannot hold that. Use the blocklist for those sources.",
                "25: ip saddr @trusted reads the named set trusted, which the import does not follow; write its addresses into the rule.",
                "26: It sends ports 9000-9010 to the single port 9500; PortFwd maps a range one to one, so it cannot hold that.",
                "27: It matches the client's source port (1024); PortFwd forwards by the port connected to, from any source port.",
            ],
            [
                "18: Only traffic arriving on eth0 was forwarded; PortFwd listens on every interface unless the rule gets a listen address.",
                "37: Chain output is not a nat prerouting chain (nor reached from one), so it forwards nothing from outside.",
                "42: masquerade and snat are not port forwards: they rewrite the source of traffic leaving this machine.",
            ]),
    };
}
