using PortFwd.Core.Certificates;

namespace PortFwd.Core.Tests.Certificates;

public class CertificateNamesTests
{
    [Theory]
    [InlineData("app.example.com", "app.example.com", true)]
    [InlineData("APP.Example.com.", "app.example.com", true)]
    [InlineData("*.example.com", "www.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "*.example.com", true)]
    [InlineData("*.a.example.com", "*.example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("*.example.com", "wwwexample.com", false)]
    [InlineData("www.example.com", "*.example.com", false)]
    [InlineData("other.example.com", "app.example.com", false)]
    [InlineData("192.168.1.5", "192.168.1.5", true)]
    public void A_certificate_name_covers_a_host_as_browsers_match_it(string certificateName, string host, bool covers)
    {
        Assert.Equal(covers, CertificateNames.Covers([certificateName], host));
    }

    [Fact]
    public void Uncovered_lists_the_host_names_no_certificate_name_covers()
    {
        Assert.Equal(["example.com", "shop.example.org"],
            CertificateNames.Uncovered(["*.example.com"], ["www.example.com", "example.com", "shop.example.org"]));
    }
}
