using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Connections;

/// <summary>The rule's traffic page lists who is connected, and its Close button ends a real client's connection.</summary>
public sealed class ConnectionTableTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_traffic_page_lists_a_live_client_by_its_port_and_close_ends_its_connection()
    {
        await using var echo = new EchoServer("kick");
        var port = LoopbackPorts.Free();
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Kick me", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Ct);
        var clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        await client.SendAsync("hello"u8.ToArray(), SocketFlags.None, Ct);
        var buffer = new byte[256];
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            first.CancelAfter(TimeSpan.FromSeconds(10));
            Assert.StartsWith("kick:", Encoding.ASCII.GetString(buffer, 0, await client.ReceiveAsync(buffer, SocketFlags.None, first.Token)), StringComparison.Ordinal);
        }

        await Browser.SignInAsync($"/traffic/{rule}");
        var row = Page.Locator($"#connections-table tr.connection-row[data-remote-port='{clientPort}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(row.Locator(".connection-client")).ToContainTextAsync($"127.0.0.1:{clientPort}");
        await Expect(row.Locator(".connection-port")).ToHaveTextAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#connections-count")).ToHaveTextAsync("1 connection");
        await Browser.ScreenshotAsync("traffic-connections");

        await row.Locator(".connection-close").ClickAsync();

        await Expect(Page.GetByText($"Closed the connection from 127.0.0.1:{clientPort}.")).ToBeVisibleAsync();
        using (var end = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            end.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                // Bytes the service sent before the close may still arrive first (the echo of "hello"); then the end.
                while (await client.ReceiveAsync(buffer, SocketFlags.None, end.Token) > 0)
                {
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Closed with a reset: the client sees its connection end either way.
            }
        }

        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(Page.Locator("#connections-none")).ToBeVisibleAsync();
        Assert.Empty(Browser.ConsoleErrors);
    }
}
