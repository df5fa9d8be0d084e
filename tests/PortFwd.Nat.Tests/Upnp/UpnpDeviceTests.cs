using System.Net;
using System.Text;
using System.Xml.Linq;
using PortFwd.Nat.Upnp;

namespace PortFwd.Nat.Tests.Upnp;

public class UpnpDeviceTests
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.168.77.10");
    private static readonly IPAddress OtherHost = IPAddress.Parse("192.168.77.20");

    [Fact]
    public async Task External_ip_comes_from_the_router()
    {
        using var device = Device((_, _) => Sample("GetExternalIPAddress"));

        var ip = await device.GetExternalIPAsync(TestContext.Current.CancellationToken);

        Assert.Equal(IPAddress.Parse("198.51.100.1"), ip.Value);
    }

    [Fact]
    public async Task An_empty_external_ip_is_the_CGNAT_answer()
    {
        using var device = Device((action, _) => action == "GetStatusInfo" ? Sample("GetStatusInfo") : Sample("GetExternalIPAddress-reserved-wan-no-stun"));

        var ip = await device.GetExternalIPAsync(TestContext.Current.CancellationToken);
        var status = (await device.GetStatusAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();

        Assert.Equal(NatErrorKind.NoExternalAddress, ip.Error?.Kind);
        Assert.Null(status.ExternalAddress);
        Assert.Equal(ExternalAddressKind.None, status.AddressKind);
        Assert.Contains("carrier-grade NAT", status.Warning, StringComparison.Ordinal);
        Assert.Equal("Connected", status.ConnectionStatus);
    }

    [Fact]
    public async Task A_conflict_names_the_lan_host_that_holds_the_port()
    {
        var held = SampleFiles.Soap("GetSpecificPortMappingEntry").ResponseBody.Replace("192.168.77.10", OtherHost.ToString(), StringComparison.Ordinal);
        using var device = Device((action, _) => action == "AddPortMapping"
            ? Sample("AddPortMapping-error718-port-taken-by-other-host")
            : (200, held));

        var r = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, 18090), TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.ConflictInMappingEntry, r.Error?.Kind);
        Assert.Equal(OtherHost, r.Error?.HeldBy);
        Assert.Contains("already forwarded to 192.168.77.20", r.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secure_mode_conflict_without_a_holder_explains_both_causes()
    {
        using var device = Device((action, _) => action == "AddPortMapping"
            ? Sample("AddPortMapping-error718-secure-mode")
            : Fault(714, "NoSuchEntryInArray"));

        var r = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, 18082) { InternalClient = OtherHost },
            TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.ConflictInMappingEntry, r.Error?.Kind);
        Assert.Null(r.Error?.HeldBy);
        Assert.Contains("only lets this machine", r.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_permanent_leases_is_retried_with_lease_zero()
    {
        var leases = new List<string>();
        using var device = Device((_, body) =>
        {
            leases.Add(XDocument.Parse(body).Descendants("NewLeaseDuration").Single().Value);
            return leases.Count == 1 ? Fault(725, "OnlyPermanentLeasesSupported") : Sample("AddPortMapping");
        });

        var r = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Udp, 9090, 19090) { Lease = TimeSpan.FromMinutes(10) },
            TestContext.Current.CancellationToken);

        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(["600", "0"], leases);
        Assert.Equal(TimeSpan.Zero, r.Value!.Lease);
        Assert.Null(r.Value.ExpiresAt);
    }

    [Fact]
    public async Task Add_sends_this_machine_as_internal_client_and_escapes_the_description()
    {
        string? sent = null;
        using var device = Device((_, body) => { sent = body; return Sample("AddPortMapping"); });

        var r = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, 18080) { Description = "PortFwd: <web> & co" },
            TestContext.Current.CancellationToken);

        Assert.True(r.IsSuccess);
        var doc = XDocument.Parse(sent!);
        Assert.Equal("192.168.77.10", doc.Descendants("NewInternalClient").Single().Value);
        Assert.Equal("PortFwd: <web> & co", doc.Descendants("NewPortMappingDescription").Single().Value);
        Assert.Equal("3600", doc.Descendants("NewLeaseDuration").Single().Value);
    }

    [Fact]
    public async Task Any_port_on_IGDv2_uses_AddAnyPortMapping_and_reports_the_reserved_port()
    {
        using var device = Device((action, _) => action == "AddAnyPortMapping" ? Sample("AddAnyPortMapping-v2-port-taken-gets-other-port") : Fault(401, "Invalid Action"));

        var r = await device.CreatePortMapAsync(new MappingRequest(PortProtocol.Tcp, 8080, 0), TestContext.Current.CancellationToken);

        Assert.Equal(18091, r.Value?.ExternalPort);
    }

    [Fact]
    public async Task Deleting_a_missing_mapping_succeeds_and_another_hosts_is_not_authorized()
    {
        using var missing = Device((_, _) => Fault(714, "NoSuchEntryInArray"));
        using var quirk = Device((_, _) => Sample("DeletePortMapping-missing-entry-returns-200"));
        using var others = Device((_, _) => Sample("DeletePortMapping-error606-other-hosts-mapping"));
        var ct = TestContext.Current.CancellationToken;

        Assert.True((await missing.DeletePortMapAsync(PortProtocol.Tcp, 18080, ct)).IsSuccess);
        Assert.True((await quirk.DeletePortMapAsync(PortProtocol.Tcp, 18080, ct)).IsSuccess);
        var refused = await others.DeletePortMapAsync(PortProtocol.Tcp, 18090, ct);
        Assert.Equal(NatErrorKind.NotAuthorized, refused.Error?.Kind);
        Assert.Contains("18090/TCP", refused.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_walks_the_table_until_713()
    {
        var asked = new List<string>();
        using var device = Device((_, body) =>
        {
            var index = XDocument.Parse(body).Descendants("NewPortMappingIndex").Single().Value;
            asked.Add(index);
            return index switch
            {
                "0" => Sample("GetGenericPortMappingEntry-0"),
                "1" => (200, SampleFiles.Soap("GetGenericPortMappingEntry-0").ResponseBody.Replace("18083", "18084", StringComparison.Ordinal)),
                _ => Sample("GetGenericPortMappingEntry-error713"),
            };
        });

        var list = (await device.GetAllMappingsAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();

        Assert.Equal([18083, 18084], list.Select(m => m.ExternalPort));
        Assert.Equal(["0", "1", "2"], asked);
        Assert.All(list, m => Assert.Equal("forever", m.Description));
    }

    [Fact]
    public async Task Specific_entry_is_found_or_null()
    {
        using var device = Device((_, body) => body.Contains("18080", StringComparison.Ordinal)
            ? Sample("GetSpecificPortMappingEntry")
            : Fault(714, "NoSuchEntryInArray"));
        var ct = TestContext.Current.CancellationToken;

        var found = (await device.GetSpecificMappingAsync(PortProtocol.Tcp, 18080, ct)).GetValueOrThrow();
        var missing = await device.GetSpecificMappingAsync(PortProtocol.Tcp, 18081, ct);

        Assert.Equal(8081, found!.InternalPort);
        Assert.Equal("soap-same-client-again", found.Description);
        Assert.Equal(TimeSpan.FromSeconds(3597), found.Lease);
        Assert.True(missing.IsSuccess);
        Assert.Null(missing.Value);
    }

    [Fact]
    public async Task A_router_that_does_not_answer_gives_no_response_within_the_call_timeout()
    {
        using var device = Device((_, _) => { Thread.Sleep(3000); return Sample("GetExternalIPAddress"); }, TimeSpan.FromMilliseconds(200));

        var started = DateTime.UtcNow;
        var r = await device.GetExternalIPAsync(TestContext.Current.CancellationToken);

        Assert.Equal(NatErrorKind.NoResponse, r.Error?.Kind);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Uptime_going_back_is_a_router_restart()
    {
        var uptime = 1000;
        using var device = Device((action, _) => action == "GetStatusInfo"
            ? (200, SampleFiles.Soap("GetStatusInfo").ResponseBody.Replace("<NewUptime>41<", $"<NewUptime>{uptime}<", StringComparison.Ordinal))
            : Sample("GetExternalIPAddress"));
        var ct = TestContext.Current.CancellationToken;

        Assert.False((await device.GetStatusAsync(ct)).GetValueOrThrow().RestartDetected);
        uptime = 3;
        var after = (await device.GetStatusAsync(ct)).GetValueOrThrow();

        Assert.True(after.RestartDetected);
        Assert.Equal(1, device.RestartsDetected);
        Assert.Equal(TimeSpan.FromSeconds(3), after.Uptime);
    }

    private static (int, string) Sample(string name)
    {
        var s = SampleFiles.Soap(name);
        return (s.Status, s.ResponseBody);
    }

    private static (int, string) Fault(int code, string text) => (500,
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:Client</faultcode>" +
        $"<faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>{code}</errorCode>" +
        $"<errorDescription>{text}</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>");

    private static UpnpDevice Device(Func<string, string, (int Status, string Body)> router, TimeSpan? timeout = null)
    {
        var description = DeviceDescription.Parse(SampleFiles.Read("igdv2/rootDesc.xml"), new Uri("http://192.168.77.1:5000/rootDesc.xml")).GetValueOrThrow();
        return new UpnpDevice(description, Lan, new RouterHttp(new FakeRouter(router), Lan), timeout ?? TimeSpan.FromSeconds(4), TimeProvider.System);
    }

    /// <summary>Answers SOAP calls in memory; nothing goes on the network.</summary>
    private sealed class FakeRouter(Func<string, string, (int Status, string Body)> answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var soapAction = request.Headers.GetValues("SOAPAction").Single().Trim('"');
            var action = soapAction[(soapAction.IndexOf('#', StringComparison.Ordinal) + 1)..];
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var (status, text) = await Task.Run(() => answer(action, body), cancellationToken).WaitAsync(cancellationToken);
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, "text/xml") };
        }
    }
}
