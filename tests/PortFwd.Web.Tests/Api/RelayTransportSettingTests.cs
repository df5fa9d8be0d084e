using Microsoft.Extensions.DependencyInjection;
using PortFwd.Relay.Engine;

namespace PortFwd.Web.Tests.Api;

/// <summary><c>PortFwd:Relay:TcpTransport</c> chooses how the app's relay carries TCP rules.</summary>
public sealed class RelayTransportSettingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_setting_the_relay_uses_epoll_on_linux()
    {
        await using var panel = new PanelFactory();
        _ = panel.Server;

        var expected = OperatingSystem.IsLinux() ? RelayTcpTransport.Epoll : RelayTcpTransport.Sockets;
        Assert.Equal(expected, panel.Services.GetRequiredService<RelayEngine>().TcpTransport);
    }

    [Fact]
    public async Task Sockets_chosen_in_configuration_carry_a_saved_tcp_rule()
    {
        await using var panel = new PanelFactory(settings: new Dictionary<string, string?> { ["PortFwd:Relay:TcpTransport"] = "Sockets" });
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));

        Assert.Equal(RelayTcpTransport.Sockets, panel.Services.GetRequiredService<RelayEngine>().TcpTransport);
        var port = LoopbackPorts.Free();
        await api.CreateRuleAsync(PanelApi.Rule("Over sockets", port), Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
    }
}
