using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PortFwd.Web.Tests.Api;

/// <summary>On a real socket the panel learns its port from the server itself, with no configured URL.</summary>
public sealed class KestrelPanelPortTests
{
    [Fact]
    public async Task A_rule_on_the_port_the_panel_really_listens_on_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PanelFactory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(address).Port;
        factory.ClientOptions.BaseAddress = new Uri(address);
        using var api = factory.BearerClient(await factory.RequestTokenAsync(ct));
        Assert.Equal(address.TrimEnd('/'), api.BaseAddress!.ToString().TrimEnd('/'));

        using var response = await api.PostJsonAsync("/api/rules", PanelApi.Rule("Steal the panel", port), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)(await response.ReadObjectAsync(ct))["errors"]!["externalPort"]![0]!;
        Assert.Contains($"Port {port} is used by this panel", message, StringComparison.Ordinal);
        Assert.Empty(await PanelApi.ReadRuleRowsAsync(factory.DatabasePath, ct));
    }
}
