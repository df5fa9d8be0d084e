using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.HomeRouter;

public sealed class RouterMappingPlanTests
{
    private static readonly IPAddress ThisMachine = IPAddress.Parse("192.168.1.10");
    private static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    internal static ForwardingRule Rule(int id, Protocol protocol, int port, int? end = null, bool enabled = true, bool openOnRouter = true) => new()
    {
        Id = id,
        Name = "Rule " + id,
        Protocol = protocol,
        ExternalPort = port,
        ExternalPortEnd = end,
        InternalHost = "127.0.0.1",
        InternalPort = 9000,
        Enabled = enabled,
        OpenOnRouter = openOnRouter,
    };

    [Fact]
    public void Every_port_and_protocol_of_a_rule_opened_on_the_router_is_one_mapping_to_this_machine_on_the_same_port()
    {
        var desired = RouterMappingPlan.Desired([Rule(1, Protocol.TcpUdp, 8000, 8001)], ThisMachine, Lease);

        Assert.Equal(
            [new RouterPort(PortProtocol.Tcp, 8000), new RouterPort(PortProtocol.Tcp, 8001), new RouterPort(PortProtocol.Udp, 8000), new RouterPort(PortProtocol.Udp, 8001)],
            desired.Keys.OrderBy(k => k.Protocol).ThenBy(k => k.Port));
        var request = desired[new RouterPort(PortProtocol.Udp, 8001)];
        Assert.Equal(1, request.RuleId);
        Assert.Equal(new MappingRequest(PortProtocol.Udp, 8001, 8001) { Description = "PortFwd: Rule 1", Lease = Lease, InternalClient = ThisMachine }, request.Request);
    }

    [Fact]
    public void An_https_rule_that_redirects_plain_http_also_opens_its_http_port()
    {
        var redirecting = Rule(1, Protocol.Http, 443);
        (redirecting.Tls, redirecting.RedirectHttp, redirecting.HttpPort, redirecting.HostNames) = (TlsMode.SelfSigned, true, 8081, ["a.test"]);
        var quiet = Rule(2, Protocol.Http, 8443);
        (quiet.Tls, quiet.HttpPort, quiet.HostNames) = (TlsMode.SelfSigned, 8082, ["b.test"]);

        var desired = RouterMappingPlan.Desired([redirecting, quiet], ThisMachine, Lease);

        Assert.Equal(
            [new RouterPort(PortProtocol.Tcp, 443), new RouterPort(PortProtocol.Tcp, 8081), new RouterPort(PortProtocol.Tcp, 8443)],
            desired.Keys.OrderBy(k => k.Port));
        Assert.Equal(1, desired[new RouterPort(PortProtocol.Tcp, 8081)].RuleId);
    }

    [Fact]
    public void Rules_turned_off_or_not_marked_open_on_router_want_no_mapping()
    {
        var desired = RouterMappingPlan.Desired(
            [Rule(1, Protocol.Tcp, 8000, enabled: false), Rule(2, Protocol.Tcp, 8001, openOnRouter: false), Rule(3, Protocol.Http, 8080)],
            ThisMachine, Lease);

        Assert.Equal([new RouterPort(PortProtocol.Tcp, 8080)], desired.Keys);
        Assert.Equal(3, desired[new RouterPort(PortProtocol.Tcp, 8080)].RuleId);
    }

    [Fact]
    public async Task The_diff_removes_unwanted_mappings_adds_missing_ones_and_re_adds_changed_ones()
    {
        var time = new FakeTimeProvider();
        var router = new InMemoryRouter(time);
        await using var keeper = new PortMappingKeeper(router, timeProvider: time);
        var before = RouterMappingPlan.Desired([Rule(1, Protocol.Tcp, 8000), Rule(2, Protocol.Tcp, 8001), Rule(3, Protocol.Tcp, 8002)], ThisMachine, Lease);
        foreach (var wanted in before.Values)
        {
            await keeper.AddAsync(wanted.Request, TestContext.Current.CancellationToken);
        }

        var renamed = Rule(2, Protocol.Tcp, 8001);
        renamed.Name = "Renamed";
        var after = RouterMappingPlan.Desired([renamed, Rule(3, Protocol.Tcp, 8002), Rule(4, Protocol.Udp, 8003)], ThisMachine, Lease);
        var changes = RouterMappingPlan.Diff(after, keeper.Mappings);

        Assert.Equal([new RouterPort(PortProtocol.Tcp, 8000)], changes.Remove);
        Assert.Equal([(PortProtocol.Tcp, 8001, "PortFwd: Renamed"), (PortProtocol.Udp, 8003, "PortFwd: Rule 4")],
            changes.Add.Select(r => (r.Protocol, r.ExternalPort, r.Description)).OrderBy(r => r.ExternalPort));
    }

    [Fact]
    public async Task Nothing_changes_when_the_router_holds_what_the_rules_want()
    {
        var time = new FakeTimeProvider();
        await using var keeper = new PortMappingKeeper(new InMemoryRouter(time), timeProvider: time);
        var desired = RouterMappingPlan.Desired([Rule(1, Protocol.TcpUdp, 8000, 8002)], ThisMachine, Lease);
        foreach (var wanted in desired.Values)
        {
            await keeper.AddAsync(wanted.Request, TestContext.Current.CancellationToken);
        }

        var changes = RouterMappingPlan.Diff(desired, keeper.Mappings);

        Assert.Empty(changes.Remove);
        Assert.Empty(changes.Add);
    }
}
