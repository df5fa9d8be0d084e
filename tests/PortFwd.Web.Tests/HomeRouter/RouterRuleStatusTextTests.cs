using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Api;
using static PortFwd.Web.Tests.HomeRouter.RouterMappingPlanTests;

namespace PortFwd.Web.Tests.HomeRouter;

public sealed class RouterRuleStatusTextTests
{
    private static readonly IPAddress ThisMachine = IPAddress.Parse("192.168.1.10");
    private static readonly RouterSnapshot Found = new(RouterState.Found, "Found fake router (UPnP IGD).") { ExternalAddress = IPAddress.Parse("198.51.100.1") };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Without_a_router_the_rule_reads_unavailable_with_the_routers_message_and_off_when_the_client_is_off()
    {
        var rule = Rule(1, Protocol.Tcp, 8000);
        var notFound = new RouterSnapshot(RouterState.NotFound, "No router answered.");
        var off = new RouterSnapshot(RouterState.Off, "The router client is switched off.");

        var unavailable = RouterRuleStatusText.Of(rule, notFound, [], new Dictionary<RouterPort, KeptMapping>());
        var switchedOff = RouterRuleStatusText.Of(rule, off, [], new Dictionary<RouterPort, KeptMapping>());

        Assert.Equal((RouterRuleState.Unavailable, "No router answered."), (unavailable.State, unavailable.Message));
        Assert.Equal((RouterRuleState.Off, "The router client is switched off."), (switchedOff.State, switchedOff.Message));
        Assert.Equal("unavailable", unavailable.State.ToJsonName());
    }

    [Fact]
    public async Task A_rule_whose_ports_are_not_all_kept_yet_is_pending()
    {
        var (keeper, desired, rule) = await KeepAsync(Rule(1, Protocol.TcpUdp, 8000), addFirst: 1);
        await using var _ = keeper;

        var status = RouterRuleStatusText.Of(rule, Found, desired.Keys, Kept(keeper));
        var beforeAnyPass = RouterRuleStatusText.Of(rule, Found, [], Kept(keeper));

        Assert.Equal((RouterRuleState.Pending, "Asking the router to open the port…"), (status.State, status.Message));
        Assert.Equal(RouterRuleState.Pending, beforeAnyPass.State);
    }

    [Fact]
    public async Task A_refused_mapping_shows_the_routers_reason()
    {
        var time = new FakeTimeProvider();
        var router = new InMemoryRouter(time) { RefuseAddsWith = new NatError(NatErrorKind.ConflictInMappingEntry, "Port 8000 is already mapped to 192.168.1.20.") };
        await using var keeper = new PortMappingKeeper(router, timeProvider: time);
        var rule = Rule(1, Protocol.Tcp, 8000);
        var desired = RouterMappingPlan.Desired([rule], ThisMachine, TimeSpan.FromHours(1));
        await keeper.AddAsync(desired.Values.Single().Request, Ct);

        var status = RouterRuleStatusText.Of(rule, Found, desired.Keys, Kept(keeper));

        Assert.Equal((RouterRuleState.Error, "The router refused: Port 8000 is already mapped to 192.168.1.20."), (status.State, status.Message));
    }

    [Fact]
    public async Task A_mapped_rule_says_where_the_internet_reaches_it_and_when_the_lease_renews()
    {
        var (keeper, desired, rule) = await KeepAsync(Rule(1, Protocol.Tcp, 8000, 8002));
        await using var _ = keeper;

        var status = RouterRuleStatusText.Of(rule, Found, desired.Keys, Kept(keeper));

        Assert.Equal((RouterRuleState.Mapped, "Open on the router at 198.51.100.1:8000-8002"), (status.State, status.Message));
        Assert.Equal("198.51.100.1", status.ExternalAddress);
        Assert.Equal([8000, 8001, 8002], status.ExternalPorts);
        var kept = keeper.Mappings;
        Assert.Equal(kept.Min(k => k.NextAttempt), status.RenewsAt);
        Assert.Equal(kept.Min(k => k.Mapping!.ExpiresAt), status.LeaseExpires);
        Assert.NotNull(status.RenewsAt);
    }

    [Fact]
    public async Task Without_an_external_address_the_status_names_the_router()
    {
        var (keeper, desired, rule) = await KeepAsync(Rule(1, Protocol.Udp, 5000));
        await using var _ = keeper;

        var status = RouterRuleStatusText.Of(rule, Found with { ExternalAddress = null }, desired.Keys, Kept(keeper));

        Assert.Equal("Open on the router at the router:5000", status.Message);
        Assert.Null(status.ExternalAddress);
    }

    [Fact]
    public void Equal_statuses_are_the_same_even_with_separate_port_lists()
    {
        var a = new RouterRuleStatus(RouterRuleState.Mapped, "Open") { ExternalPorts = [1, 2] };
        var b = new RouterRuleStatus(RouterRuleState.Mapped, "Open") { ExternalPorts = [1, 2] };

        Assert.True(a.SameAs(b));
        Assert.False(a.SameAs(b with { ExternalPorts = [1] }));
        Assert.False(a.SameAs(b with { Message = "Other" }));
        Assert.False(a.SameAs(null));
    }

    private static async Task<(PortMappingKeeper Keeper, IReadOnlyDictionary<RouterPort, DesiredMapping> Desired, ForwardingRule Rule)> KeepAsync(
        ForwardingRule rule, int? addFirst = null)
    {
        var time = new FakeTimeProvider();
        var keeper = new PortMappingKeeper(new InMemoryRouter(time), timeProvider: time);
        var desired = RouterMappingPlan.Desired([rule], ThisMachine, TimeSpan.FromHours(1));
        foreach (var wanted in desired.Values.Take(addFirst ?? int.MaxValue))
        {
            await keeper.AddAsync(wanted.Request, Ct);
        }

        return (keeper, desired, rule);
    }

    private static Dictionary<RouterPort, KeptMapping> Kept(PortMappingKeeper keeper) => keeper.Mappings.ToDictionary(RouterMappingPlan.KeyOf);
}
