using PortFwd.Nat.Upnp;

namespace PortFwd.Nat.Tests.Upnp;

public class DeviceDescriptionTests
{
    private static readonly Uri Location = new("http://192.168.77.1:5000/rootDesc.xml");

    [Fact]
    public void IGDv2_description_gives_WANIPConnection_2_with_an_absolute_control_url()
    {
        var d = DeviceDescription.Parse(SampleFiles.Read("igdv2/rootDesc.xml"), Location).GetValueOrThrow();

        Assert.Equal("urn:schemas-upnp-org:service:WANIPConnection:2", d.ServiceType);
        Assert.Equal(2, d.ServiceVersion);
        Assert.Equal(new Uri("http://192.168.77.1:5000/ctl/IPConn"), d.ControlUrl);
        Assert.Equal("IGD testbed router", d.FriendlyName);
        Assert.Equal("urn:schemas-upnp-org:device:InternetGatewayDevice:2", d.DeviceType);
    }

    [Fact]
    public void IGDv1_description_gives_WANIPConnection_1()
    {
        var d = DeviceDescription.Parse(SampleFiles.Read("igdv1/rootDesc.xml"), Location).GetValueOrThrow();

        Assert.Equal("urn:schemas-upnp-org:service:WANIPConnection:1", d.ServiceType);
        Assert.Equal(1, d.ServiceVersion);
        Assert.Equal(new Uri("http://192.168.77.1:5000/ctl/IPConn"), d.ControlUrl);
    }

    [Fact]
    public void URLBase_is_used_for_relative_control_urls()
    {
        var xml = SampleFiles.Read("igdv1/rootDesc.xml")
            .Replace("<specVersion>", "<URLBase>http://192.168.77.1:49000/</URLBase><specVersion>", StringComparison.Ordinal)
            .Replace("<controlURL>/ctl/IPConn</controlURL>", "<controlURL>upnp/control/WANIPConn1</controlURL>", StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Equal(new Uri("http://192.168.77.1:49000/upnp/control/WANIPConn1"), d.ControlUrl);
    }

    [Fact]
    public void Relative_control_url_without_slash_resolves_against_the_description_url()
    {
        var xml = SampleFiles.Read("igdv2/rootDesc.xml")
            .Replace("<controlURL>/ctl/IPConn</controlURL>", "<controlURL>ctl/IPConn</controlURL>", StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, new Uri("http://192.168.77.1:5000/igd/rootDesc.xml")).GetValueOrThrow();

        Assert.Equal(new Uri("http://192.168.77.1:5000/igd/ctl/IPConn"), d.ControlUrl);
    }

    [Fact]
    public void The_routers_own_page_comes_from_the_root_devices_presentationURL()
    {
        var d = DeviceDescription.Parse(SampleFiles.Read("igdv2/rootDesc.xml"), Location).GetValueOrThrow();

        Assert.Equal(new Uri("http://192.168.77.1/"), d.PresentationUrl);
    }

    [Theory]
    [InlineData("/index.html", "http://192.168.77.1:5000/index.html")]
    [InlineData(" admin/ ", "http://192.168.77.1:5000/igd/admin/")]
    [InlineData("https://router.lan:8443/", "https://router.lan:8443/")]
    public void A_relative_presentationURL_resolves_against_the_description_url(string value, string expected)
    {
        var xml = WithPresentationUrl(SampleFiles.Read("igdv1/rootDesc.xml"), value);

        var d = DeviceDescription.Parse(xml, new Uri("http://192.168.77.1:5000/igd/rootDesc.xml")).GetValueOrThrow();

        Assert.Equal(new Uri(expected), d.PresentationUrl);
    }

    [Fact]
    public void A_relative_presentationURL_resolves_against_URLBase_when_there_is_one()
    {
        var xml = WithPresentationUrl(SampleFiles.Read("igdv1/rootDesc.xml"), "setup.htm")
            .Replace("<specVersion>", "<URLBase>http://192.168.77.1:49000/</URLBase><specVersion>", StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Equal(new Uri("http://192.168.77.1:49000/setup.htm"), d.PresentationUrl);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://192.168.77.1/")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("   ")]
    [InlineData("")]
    public void A_presentationURL_that_is_not_a_web_address_is_ignored_and_the_router_still_works(string value)
    {
        var xml = WithPresentationUrl(SampleFiles.Read("igdv2/rootDesc.xml"), System.Security.SecurityElement.Escape(value));

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Null(d.PresentationUrl);
        Assert.Equal(new Uri("http://192.168.77.1:5000/ctl/IPConn"), d.ControlUrl);
    }

    [Fact]
    public void Without_presentationURL_the_router_has_no_web_page()
    {
        var xml = SampleFiles.Read("igdv1/rootDesc.xml").Replace("<presentationURL>http://192.168.77.1/</presentationURL>", "", StringComparison.Ordinal);
        Assert.DoesNotContain("presentationURL", xml, StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Null(d.PresentationUrl);
    }

    [Fact]
    public void A_presentationURL_of_an_embedded_device_is_not_the_routers_page()
    {
        var xml = SampleFiles.Read("igdv1/rootDesc.xml")
            .Replace("<presentationURL>http://192.168.77.1/</presentationURL>", "", StringComparison.Ordinal)
            .Replace("<UPC>000000000000</UPC>", "<UPC>000000000000</UPC><presentationURL>http://192.168.77.1/wan</presentationURL>", StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Null(d.PresentationUrl);
    }

    [Fact]
    public void A_PPP_only_router_gets_WANPPPConnection()
    {
        var xml = SampleFiles.Read("igdv1/rootDesc.xml")
            .Replace("service:WANIPConnection:1", "service:WANPPPConnection:1", StringComparison.Ordinal)
            .Replace("/ctl/IPConn", "/ctl/PPPConn", StringComparison.Ordinal);

        var d = DeviceDescription.Parse(xml, Location).GetValueOrThrow();

        Assert.Equal("urn:schemas-upnp-org:service:WANPPPConnection:1", d.ServiceType);
        Assert.Equal("/ctl/PPPConn", d.ControlUrl.AbsolutePath);
    }

    [Fact]
    public void A_device_without_a_WAN_connection_service_is_not_an_internet_gateway()
    {
        var xml = SampleFiles.Read("igdv2/rootDesc.xml")
            .Replace("service:WANIPConnection:2", "service:SomethingElse:1", StringComparison.Ordinal);

        var r = DeviceDescription.Parse(xml, Location);

        Assert.False(r.IsSuccess);
        Assert.Equal(NatErrorKind.NotAnInternetGateway, r.Error.Kind);
        Assert.Contains("IGD testbed router", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_xml_and_DTDs_are_refused()
    {
        Assert.Equal(NatErrorKind.InvalidResponse, DeviceDescription.Parse("<root><device>", Location).Error?.Kind);
        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"y\">]><root>&x;</root>";
        Assert.Equal(NatErrorKind.InvalidResponse, DeviceDescription.Parse(dtd, Location).Error?.Kind);
    }

    private static string WithPresentationUrl(string xml, string value)
    {
        const string Sample = "<presentationURL>http://192.168.77.1/</presentationURL>";
        Assert.Contains(Sample, xml, StringComparison.Ordinal);
        return xml.Replace(Sample, $"<presentationURL>{value}</presentationURL>", StringComparison.Ordinal);
    }
}
