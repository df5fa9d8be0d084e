using System.Net;
using System.Net.Sockets;

namespace PortFwd.Web.Tests.Api;

/// <summary>Real TCP ports on 127.0.0.1, where the app under test opens its rules (PortFwd:ListenAddress).</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits (up to 10 s) until the port accepts connections, or refuses them.</summary>
    public static async Task WaitUntilAsync(int port, bool accepting, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await AcceptsAsync(port, ct) != accepting)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Port {port} still {(accepting ? "refuses" : "accepts")} connections after 10 s.");
            await Task.Delay(50, ct);
        }
    }
}
