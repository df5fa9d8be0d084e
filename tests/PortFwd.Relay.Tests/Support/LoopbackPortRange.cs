using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Tests.Support;

/// <summary>Finds runs of loopback ports free for both TCP and UDP. Also compiled into PortFwd.Web.E2E.</summary>
internal static class LoopbackPortRange
{
    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports free on 127.0.0.1 for TCP and UDP now.
    /// Drawn below the system's ephemeral range (32768 and up by default): inside it, the connections
    /// other tests open and leave in TIME_WAIT make free runs rare.
    /// </summary>
    public static int Find(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(10_000, 32_000 - count);
            var held = new List<Socket>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    held.Add(tcp);
                    tcp.Bind(new IPEndPoint(IPAddress.Loopback, first + i));
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    held.Add(udp);
                    udp.Bind(new IPEndPoint(IPAddress.Loopback, first + i));
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

        throw new InvalidOperationException($"No {count} consecutive free ports on 127.0.0.1.");
    }
}
