using System.Net;
using System.Text;
using PortFwd.Nat.Upnp;

namespace PortFwd.Nat.Tests.Upnp;

public class SsdpTests
{
    private static readonly IPAddress Router = IPAddress.Parse("192.168.77.1");

    [Fact]
    public void Search_request_asks_for_an_internet_gateway()
    {
        var text = Encoding.ASCII.GetString(Ssdp.SearchRequest("urn:schemas-upnp-org:device:InternetGatewayDevice:2", 1));

        Assert.StartsWith("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n", text, StringComparison.Ordinal);
        Assert.Contains("MAN: \"ssdp:discover\"\r\n", text, StringComparison.Ordinal);
        Assert.Contains("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_answer_gives_the_description_url()
    {
        var headers = Ssdp.ParseHeaders(SampleFiles.SsdpReply(0));

        Assert.NotNull(headers);
        Assert.Equal(new Uri("http://192.168.77.1:5000/rootDesc.xml"), Ssdp.LocationOf(headers, Router));
        Assert.Equal("1795359739", headers["BOOTID.UPNP.ORG"]);
    }

    [Fact]
    public void A_location_pointing_at_another_address_than_the_sender_is_ignored()
    {
        var headers = Ssdp.ParseHeaders(SampleFiles.SsdpReply(0))!;

        Assert.Null(Ssdp.LocationOf(headers, IPAddress.Parse("192.168.77.20")));
    }

    [Fact]
    public void Error_answers_and_other_text_are_not_answers()
    {
        Assert.Null(Ssdp.ParseHeaders("HTTP/1.1 404 Not Found\r\nLOCATION: http://x/\r\n\r\n"));
        Assert.Null(Ssdp.ParseHeaders("M-SEARCH * HTTP/1.1\r\n\r\n"));
        Assert.Null(Ssdp.LocationOf(Ssdp.ParseHeaders("HTTP/1.1 200 OK\r\nLOCATION: file:///etc/passwd\r\n\r\n")!, Router));
    }
}
