using System.Net;
using System.Xml.Linq;
using PortFwd.Nat.Upnp;

namespace PortFwd.Nat.Tests.Upnp;

public class SoapTests
{
    private const string V2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    [Fact]
    public void Request_carries_the_arguments_as_miniupnpd_expects()
    {
        var sample = SampleFiles.Soap("AddPortMapping");
        var built = Soap.BuildRequest(V2, "AddPortMapping",
        [
            new("NewRemoteHost", ""), new("NewExternalPort", "18080"), new("NewProtocol", "TCP"), new("NewInternalPort", "8080"),
            new("NewInternalClient", "192.168.77.10"), new("NewEnabled", "1"), new("NewPortMappingDescription", "soap-sample"),
            new("NewLeaseDuration", "3600"),
        ]);

        Assert.True(XNode.DeepEquals(XDocument.Parse(sample.RequestBody).Root, XDocument.Parse(built).Root));
    }

    [Fact]
    public void Values_are_escaped()
    {
        var built = Soap.BuildRequest(V2, "AddPortMapping", [new("NewPortMappingDescription", "a<b>&\"c'</u:AddPortMapping>")]);

        var value = XDocument.Parse(built).Descendants("NewPortMappingDescription").Single().Value;
        Assert.Equal("a<b>&\"c'</u:AddPortMapping>", value);
    }

    [Fact]
    public void External_ip_answer_is_read()
    {
        var answer = Soap.ParseResponse(SampleFiles.Soap("GetExternalIPAddress").ResponseBody);

        Assert.False(answer.IsFault);
        Assert.Equal("198.51.100.1", answer.Get("NewExternalIPAddress"));
    }

    [Theory]
    [InlineData("AddPortMapping-error718-port-taken-by-other-host", 718, NatErrorKind.ConflictInMappingEntry, "ConflictInMappingEntry")]
    [InlineData("AddPortMapping-error718-secure-mode", 718, NatErrorKind.ConflictInMappingEntry, "ConflictInMappingEntry")]
    [InlineData("DeletePortMapping-error606-other-hosts-mapping", 606, NatErrorKind.NotAuthorized, "Action not authorized")]
    [InlineData("GetGenericPortMappingEntry-error713", 713, NatErrorKind.Other, "SpecifiedArrayIndexInvalid")]
    [InlineData("AddPortMapping-reserved-wan-no-stun", 501, NatErrorKind.ActionFailed, "ActionFailed")]
    public void Faults_become_typed_errors_with_plain_messages(string sample, int code, NatErrorKind kind, string routerText)
    {
        var exchange = SampleFiles.Soap(sample);
        Assert.Equal(500, exchange.Status);

        var answer = Soap.ParseResponse(exchange.ResponseBody);
        Assert.True(answer.IsFault);
        Assert.Equal(code, answer.ErrorCode);
        Assert.Equal(routerText, answer.ErrorDescription);

        var error = UpnpErrors.FromCode(code, answer.ErrorDescription, "18090/TCP");
        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Contains($"{code}", error.Message, StringComparison.Ordinal);
        Assert.Equal(RouterProtocol.Upnp, error.Protocol);
    }

    [Fact]
    public void Conflict_message_names_the_lan_host_when_known()
    {
        var error = UpnpErrors.FromCode(718, "ConflictInMappingEntry", "18090/TCP", IPAddress.Parse("192.168.77.20"));

        Assert.Equal("External port 18090/TCP is already forwarded to 192.168.77.20 on the router (718 ConflictInMappingEntry).", error.Message);
        Assert.Equal(IPAddress.Parse("192.168.77.20"), error.HeldBy);
    }

    [Theory]
    [InlineData(714, NatErrorKind.NoSuchEntry)]
    [InlineData(716, NatErrorKind.WildcardNotPermittedInExternalPort)]
    [InlineData(724, NatErrorKind.SamePortValuesRequired)]
    [InlineData(725, NatErrorKind.OnlyPermanentLeasesSupported)]
    [InlineData(726, NatErrorKind.RemoteHostOnlySupportsWildcard)]
    [InlineData(727, NatErrorKind.ExternalPortOnlySupportsWildcard)]
    [InlineData(728, NatErrorKind.OutOfResources)]
    [InlineData(402, NatErrorKind.InvalidArguments)]
    public void Every_documented_code_has_its_kind(int code, NatErrorKind kind) =>
        Assert.Equal(kind, UpnpErrors.FromCode(code, null).Kind);

    [Fact]
    public void Generic_entry_becomes_a_port_mapping()
    {
        var answer = Soap.ParseResponse(SampleFiles.Soap("GetGenericPortMappingEntry-0").ResponseBody);
        var now = DateTimeOffset.UnixEpoch;

        var m = UpnpDevice.ReadMapping(answer.Outputs, now);

        Assert.NotNull(m);
        Assert.Equal(new PortMapping(PortProtocol.Tcp, 18083, IPAddress.Parse("192.168.77.10"), 8080)
        {
            Description = "forever",
            Lease = TimeSpan.FromSeconds(604800),
            ExpiresAt = now.AddSeconds(604800),
        }, m);
    }

    [Fact]
    public void Status_info_is_read()
    {
        var answer = Soap.ParseResponse(SampleFiles.Soap("GetStatusInfo").ResponseBody);

        Assert.Equal("Connected", answer.Get("NewConnectionStatus"));
        Assert.Equal("41", answer.Get("NewUptime"));
    }
}
