using System.Net;
using System.Net.Sockets;

namespace PortFwd.Testing;

/// <summary>Real ports on 127.0.0.1 (or another address of this machine, such as the testbed's LAN side): free
/// ones to open rules on, and whether something listens on one.</summary>
public static class LoopbackPorts
{
    /// <summary>Hang guard of <see cref="WaitUntilAsync"/>, not a timing assertion.</summary>
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    /// <summary>A port free on 127.0.0.1 (or <paramref name="address"/>) for both TCP and UDP now.</summary>
    public static int Free(IPAddress? address = null) => FreeRange(1, address);

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports free on 127.0.0.1 (or <paramref name="address"/>)
    /// for TCP and UDP now.
    /// Drawn below the system's ephemeral range (32768 and up by default): inside it, the connections
    /// other tests open and leave in TIME_WAIT make free runs rare, and a port the system handed out
    /// as free can be taken by the next outgoing connection before the test binds it.
    /// </summary>
    public static int FreeRange(int count, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(10_000, 32_000 - count);
            var held = new List<Socket>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    held.Add(tcp);
                    tcp.Bind(new IPEndPoint(address, first + i));
                    var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    held.Add(udp);
                    udp.Bind(new IPEndPoint(address, first + i));
                }

                return first;
            }
            catch (SocketException)
            {
            }
            finally
            {
                held.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports on {address}.");
    }

    /// <summary>True when a TCP connect to 127.0.0.1:<paramref name="port"/> succeeds.</summary>
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

    /// <summary>Waits (up to 10 s) until the port accepts connections, or refuses them; fails the test otherwise.</summary>
    public static async Task WaitUntilAsync(int port, bool accepting, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (await AcceptsAsync(port, ct) != accepting)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Port {port} still {(accepting ? "refuses" : "accepts")} connections after {WaitLimit.TotalSeconds} s.");
            await Task.Delay(50, ct);
        }
    }
}
