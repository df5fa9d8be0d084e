using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// A rule that forwards to the panel's own port on this machine is refused on internalPort, by POST and PUT,
/// and writes nothing: with "Open on router" it would publish the admin panel to the internet.
/// </summary>
public sealed class PanelTargetApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Targeting(string host, int internalPort)
    {
        var body = PanelApi.Rule("Panel target", 9300);
        body["internalHost"] = host;
        body["internalPort"] = internalPort;
        body["openOnRouter"] = true;
        return body;
    }

    private Task AssertRefusedOnInternalPortAsync(JsonObject body) => AssertRefusedOnInternalPortAsync(panel, body);

    private static async Task AssertRefusedOnInternalPortAsync(SharedPanel panel, JsonObject body)
    {
        var existing = await panel.Api.CreateRuleAsync(PanelApi.Rule($"Untouched {body["internalHost"]}", 30100, enabled: false), Ct);
        var rowsBefore = await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct);

        using var post = await panel.Api.PostJsonAsync("/api/rules", body, Ct);
        using var put = await panel.Api.PutJsonAsync($"/api/rules/{existing["id"]}", body, Ct);

        foreach (var response in new[] { post, put })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.ReadObjectAsync(Ct))["errors"]!.AsObject();
            Assert.Equal(["internalPort"], errors.Select(e => e.Key));
            Assert.Equal(
                $"This would expose this admin panel to the internet: port {SharedPanel.PanelPort} on this machine is the PortFwd panel itself. Choose the port of the service you want to publish.",
                (string)errors["internalPort"]![0]!);
        }

        Assert.Equal(rowsBefore, await PanelApi.ReadRuleRowsAsync(panel.Factory.DatabasePath, Ct));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public async Task Loopback_on_the_panels_port_is_refused(string host)
    {
        await AssertRefusedOnInternalPortAsync(Targeting(host, SharedPanel.PanelPort));
    }

    [Fact]
    public async Task A_range_whose_targets_cover_the_panels_port_is_refused()
    {
        var body = Targeting("127.0.0.1", SharedPanel.PanelPort - 3);
        body["externalPortEnd"] = 9309;

        await AssertRefusedOnInternalPortAsync(body);
    }

    [Fact]
    public async Task An_address_of_one_of_this_machines_interfaces_on_the_panels_port_is_refused()
    {
        var address = MachineAddress();
        Assert.SkipWhen(address is null, "This machine has no IPv4 interface address besides loopback.");

        await AssertRefusedOnInternalPortAsync(Targeting(address.ToString(), SharedPanel.PanelPort));
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_one_of_this_machines_addresses_on_the_panels_port_is_refused()
    {
        var address = MachineAddress();
        Assert.SkipWhen(address is null, "This machine has no IPv4 interface address besides loopback.");
        // The panel's resolver (a fake: tests never ask real DNS) answers the name with that address, as a LAN's DNS would.
        await using var own = SharedPanel.Answering(new DynamicDns.DdnsResolutionTests.FakeResolver(address.ToString()));
        await own.InitializeAsync();

        await AssertRefusedOnInternalPortAsync(own, Targeting("myserver.lan", SharedPanel.PanelPort));
    }

    private static IPAddress? MachineAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(u => u.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Theory]
    [InlineData("127.0.0.1", SharedPanel.PanelPort + 1)]
    [InlineData("192.168.1.20", SharedPanel.PanelPort)]
    public async Task Another_port_here_or_the_same_port_on_another_machine_is_saved(string host, int internalPort)
    {
        var body = Targeting(host, internalPort);
        body["name"] = $"Allowed {host} {internalPort}";
        body["enabled"] = false;

        var rule = await panel.Api.CreateRuleAsync(body, Ct);

        Assert.Equal(host, (string?)rule["internalHost"]);
        Assert.Equal(internalPort, (int)rule["internalPort"]!);
    }
}
