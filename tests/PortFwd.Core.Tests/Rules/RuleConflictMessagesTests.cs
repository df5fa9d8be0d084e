using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using static PortFwd.Core.Tests.Rules.ConflictRules;

namespace PortFwd.Core.Tests.Rules;

/// <summary>
/// Each kind of clash carries a code and its values, so the panel can say it in the person's language, while its English
/// (what the API answers) stays word for word what it was before the messages had codes.
/// </summary>
public class RuleConflictMessagesTests
{
    private static readonly (ForwardingRule Candidate, ForwardingRule Other, string Code, string English)[] Clashes =
    [
        (
            Rule(1, Protocol.Tcp, 8080), Rule(2, Protocol.Tcp, 8080), "Rule.ConflictTcp",
            "Port 8080/TCP is already forwarded by rule \"Rule 2\"; choose another external port or disable that rule first."
        ),
        (
            Rule(1, Protocol.Udp, 27010, 27020), Rule(2, Protocol.TcpUdp, 27015, 27030), "Rule.ConflictUdp",
            "Ports 27015-27020/UDP is already forwarded by rule \"Rule 2\"; choose another external port or disable that rule first."
        ),
        (
            Rule(1, Protocol.Http, 8443), Rule(2, Protocol.Http, 8443, tls: TlsMode.SelfSigned), "Rule.ConflictHttpsThere",
            "Port 8443 serves HTTPS on rule \"Rule 2\" and one port cannot answer both plain HTTP and HTTPS; turn on HTTPS (tls) for this rule too or choose another external port."
        ),
        (
            Rule(1, Protocol.Http, 8443, tls: TlsMode.Acme), Rule(2, Protocol.Http, 8443), "Rule.ConflictPlainHttpThere",
            "Port 8443 serves plain HTTP on rule \"Rule 2\" and one port cannot answer both plain HTTP and HTTPS; choose another external port (HTTPS usually comes on 443)."
        ),
        (
            Rule(1, Protocol.Http, 80), Rule(2, Protocol.Http, 80), "Rule.ConflictSameRoute",
            "Port 80 already serves the same host names and path on rule \"Rule 2\"; give this rule other host names or another path prefix."
        ),
        (
            Rule(1, Protocol.Http, 443, tls: TlsMode.Acme, redirect: true, httpPort: 8080), Rule(2, Protocol.Tcp, 8080), "Rule.ConflictRedirectPortTaken",
            "Port 8080, where this rule's redirect to HTTPS answers, is already forwarded by rule \"Rule 2\"; choose another plain HTTP port or turn the redirect off."
        ),
        (
            Rule(1, Protocol.Tcp, 80), Rule(2, Protocol.Http, 443, tls: TlsMode.Acme, redirect: true), "Rule.ConflictOtherRedirect",
            "Port 80 answers the redirect to HTTPS of rule \"Rule 2\"; choose another external port or turn that redirect off first."
        ),
    ];

    [Fact]
    public void Each_kind_of_clash_keeps_its_English_and_carries_its_code()
    {
        Assert.All(Clashes, clash =>
        {
            var conflict = RuleConflicts.Find(clash.Candidate, [clash.Other]);

            Assert.NotNull(conflict);
            Assert.Equal((clash.Code, clash.English), (conflict.Said.Code, conflict.Message));
            Assert.Contains(RuleMessages.All, t => t.Code == clash.Code);
        });
    }

    [Fact]
    public void The_ports_and_the_other_rules_name_are_values_the_ports_a_message_of_their_own()
    {
        var conflict = RuleConflicts.Find(Rule(1, Protocol.Udp, 27010, 27020), [Rule(2, Protocol.TcpUdp, 27015, 27030)])!;

        Assert.Equal(new object[] { RuleMessages.ConflictPorts.With("27015-27020"), "Rule 2" }, conflict.Said.Arguments);
        var single = RuleConflicts.Find(Rule(1, Protocol.Tcp, 8080), [Rule(2, Protocol.Tcp, 8080)])!;
        Assert.Equal(RuleMessages.ConflictPort.With("8080"), single.Said.Arguments[0]);
    }
}
