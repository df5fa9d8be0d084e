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
        // Bytes the service sent before the close may still arrive first (the echo of "hello"); then the end.
        await ReadToEndAsync(client);

        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(Page.Locator("#connections-none")).ToBeVisibleAsync();
        Assert.Empty(Browser.ConsoleErrors);
    }

    [Fact]
    public async Task Block_in_the_table_ends_that_clients_connection_and_refuses_it_while_another_address_is_served()
    {
        // 127.0.0.2 is another client on this machine: blocking it leaves the browser and 127.0.0.1 alone.
        var blocked = IPAddress.Parse("127.0.0.2");
        await using var echo = new EchoServer("block");
        var port = LoopbackPorts.Free();
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, Ct);
        var rule = await api.CreateAsync(new { name = "Block me", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port }, Ct);
        await api.WaitForStateAsync(rule, "active", TimeSpan.FromSeconds(5), Ct);

        using var client = await ConnectFromAsync(blocked, port);
        var clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        Assert.StartsWith("block:", await EchoAsync(client, "hello"), StringComparison.Ordinal);

        await Browser.SignInAsync($"/traffic/{rule}");
        var row = Page.Locator($"#connections-table tr.connection-row[data-remote-port='{clientPort}']");
        await Expect(row.Locator(".connection-client")).ToContainTextAsync($"127.0.0.2:{clientPort}", new() { Timeout = 10_000 });

        await row.Locator(".connection-block").ClickAsync();

        await Expect(Page.GetByText("Blocked 127.0.0.2 on every rule")).ToBeVisibleAsync();
        await ReadToEndAsync(client);
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 10_000 });

        // A new connection from the blocked address is refused at accept; 127.0.0.1 is still served.
        await RefusedAsync(blocked, port);

        using (var other = await ConnectFromAsync(IPAddress.Loopback, port))
        {
            Assert.StartsWith("block:", await EchoAsync(other, "still here"), StringComparison.Ordinal);
        }

        var refused = Page.Locator("#refused-table tr.refused-row").First;
        await Expect(refused.Locator(".refused-address")).ToHaveTextAsync("127.0.0.2", new() { Timeout = 10_000 });
        await Expect(refused.Locator(".refused-reason")).ToHaveTextAsync("on the blocklist");

        using var list = await api.Http.GetAsync("/api/blocklist", Ct);
        Assert.Contains("127.0.0.2", await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(Browser.ConsoleErrors);
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects from <paramref name="source"/> and waits for the relay to end it: a reset may come while connecting or after.</summary>
    private static async Task RefusedAsync(IPAddress source, int port)
    {
        Socket client;
        try
        {
            client = await ConnectFromAsync(source, port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return;
        }

        using (client)
        {
            await ReadToEndAsync(client);
        }
    }

    private static async Task<string> EchoAsync(Socket client, string text)
    {
        await client.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, Ct);
        var buffer = new byte[256];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
    }

    /// <summary>Reads what is left until the connection ends (EOF or reset), bounded by 10 s: the test fails if it stays open.</summary>
    private static async Task ReadToEndAsync(Socket client)
    {
        var buffer = new byte[256];
        using var end = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        end.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            while (await client.ReceiveAsync(buffer, SocketFlags.None, end.Token) > 0)
            {
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Ended with a reset: the client sees its connection end either way.
        }
    }
}
