using PortFwd.Core.Rules;
using static PortFwd.Core.Tests.Rules.ConflictRules;

namespace PortFwd.Core.Tests.Rules;

public class RuleConflictsTlsTests
{
    private static ForwardingRule Http(int id, int port, TlsMode tls = TlsMode.Off, string[]? hosts = null, bool redirect = false, int httpPort = 80) =>
        Rule(id, Protocol.Http, port, hosts: hosts, tls: tls, redirect: redirect, httpPort: httpPort);

    private static ForwardingRule Tcp(int id, int port) => Rule(id, Protocol.Tcp, port);

    [Fact]
    public void A_plain_http_rule_and_an_https_rule_on_one_port_conflict_even_with_other_names()
    {
        var https = Http(2, 8443, TlsMode.SelfSigned, ["a.example.com"]);

        var conflict = RuleConflicts.Find(Http(1, 8443, hosts: ["b.example.com"]), [https]);

        Assert.NotNull(conflict);
        Assert.Contains("plain HTTP and HTTPS", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(RuleFields.ExternalPort, conflict.Field);
    }

    [Fact]
    public void Two_https_rules_with_other_names_share_a_port()
    {
        Assert.Null(RuleConflicts.Find(Http(1, 443, TlsMode.Acme, ["a.example.com"]), [Http(2, 443, TlsMode.Uploaded, ["b.example.com"])]));
    }

    [Fact]
    public void Two_https_rules_with_the_same_names_conflict()
    {
        Assert.NotNull(RuleConflicts.Find(Http(1, 443, TlsMode.Acme, ["a.example.com"]), [Http(2, 443, TlsMode.SelfSigned, ["a.example.com"])]));
    }

    [Fact]
    public void A_redirect_on_a_port_a_tcp_rule_forwards_conflicts_on_http_port()
    {
        var conflict = RuleConflicts.Find(Http(1, 443, TlsMode.Acme, ["a.example.com"], redirect: true, httpPort: 8080), [Tcp(2, 8080)]);

        Assert.NotNull(conflict);
        Assert.Equal(RuleFields.HttpPort, conflict.Field);
        Assert.Contains("\"Rule 2\"", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tcp_rule_on_the_port_of_a_redirect_conflicts_on_external_port()
    {
        var conflict = RuleConflicts.Find(Tcp(1, 80), [Http(2, 443, TlsMode.Acme, ["a.example.com"], redirect: true)]);

        Assert.NotNull(conflict);
        Assert.Equal(RuleFields.ExternalPort, conflict.Field);
        Assert.Contains("redirect", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_rule_on_the_port_of_a_redirect_conflicts()
    {
        Assert.NotNull(RuleConflicts.Find(Http(1, 80, hosts: ["b.example.com"]), [Http(2, 443, TlsMode.Acme, ["a.example.com"], redirect: true)]));
    }

    [Fact]
    public void Https_rules_share_one_redirect_port()
    {
        Assert.Null(RuleConflicts.Find(
            Http(1, 443, TlsMode.Acme, ["a.example.com"], redirect: true),
            [Http(2, 8443, TlsMode.SelfSigned, ["b.example.com"], redirect: true)]));
    }

    [Fact]
    public void A_redirect_that_is_off_claims_no_port()
    {
        Assert.Null(RuleConflicts.Find(Tcp(1, 80), [Http(2, 443, TlsMode.Acme, ["a.example.com"], redirect: false)]));
    }

    [Fact]
    public void A_redirect_on_another_listen_address_does_not_conflict()
    {
        var https = Http(2, 443, TlsMode.Acme, ["a.example.com"], redirect: true);
        https.ListenAddress = "192.168.1.5";
        var tcp = Tcp(1, 80);
        tcp.ListenAddress = "192.168.1.6";

        Assert.Null(RuleConflicts.Find(tcp, [https]));
    }
}
