using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Core.Rules;
using PortFwd.Web.Certificates;
using PortFwd.Web.Forwarding;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>The redirect listener alone, for what a test cannot listen on: an HTTPS rule on port 443.</summary>
public sealed class RedirectPortHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redirect_to_port_443_leaves_the_port_out_of_the_location()
    {
        var rule = new ForwardingRule
        {
            Id = 1,
            Name = "Standard port",
            Protocol = Protocol.Http,
            ExternalPort = 443,
            HostNames = ["app.example.com"],
            Tls = TlsMode.Acme,
            RedirectHttp = true,
        };
        var port = LoopbackPorts.Free();
        var services = new PortHostServices(NullLoggerFactory.Instance, new HttpTrafficMeter(), new AcmeChallengeAnswers());
        var started = await RedirectPortHost.StartAsync(new IPEndPoint(IPAddress.Loopback, port), [rule], services, Ct);
        Assert.True(started.IsSuccess, started.Error?.Message);
        await using var host = started.Value;

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/a/b?c=d%20e");
        request.Headers.Host = "APP.example.com";
        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://APP.example.com/a/b?c=d%20e", response.Headers.Location?.OriginalString);
    }
}
