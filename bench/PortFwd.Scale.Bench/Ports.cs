using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Scale.Bench;

/// <summary>Which ports on 127.0.0.1 are open: TCP by connecting to each one, UDP from the kernel's socket table.</summary>
internal static class Ports
{
    /// <summary>Throws unless every port is free on 127.0.0.1 for <paramref name="protocol"/> (checked before the panel starts).</summary>
    public static void EnsureFree(IEnumerable<int> ports, ProtocolType protocol)
    {
        foreach (var port in ports)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream, protocol);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"port {port} ({protocol}) on 127.0.0.1 is in use: {e.SocketErrorCode}", e);
            }
        }
    }

    /// <summary>Connects to each port still in <paramref name="left"/> once and removes those that answered as wanted.</summary>
    public static async Task TcpPassAsync(HashSet<int> left, bool accepting)
    {
        foreach (var port in left.ToArray())
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            bool accepted;
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                accepted = true;
            }
            catch (SocketException)
            {
                accepted = false;
            }

            if (accepted == accepting)
            {
                left.Remove(port);
            }
        }
    }

    /// <summary>Removes from <paramref name="left"/> the ports that are (or are no longer) bound for UDP on 127.0.0.1, per /proc/net/udp.</summary>
    public static void UdpPass(HashSet<int> left, bool bound)
    {
        var now = Bound("/proc/net/udp", listening: false);
        left.RemoveWhere(port => now.Contains(port) == bound);
    }

    /// <summary>
    /// Removes from <paramref name="left"/> the TCP ports listening on 127.0.0.1, per /proc/net/tcp: unlike
    /// connecting, this does not count as traffic on the rule.
    /// </summary>
    public static void TcpListeningPass(HashSet<int> left) => left.ExceptWith(Bound("/proc/net/tcp", listening: true));

    /// <summary>Polls until <paramref name="left"/> is empty or the limit passes; returns the milliseconds since <paramref name="since"/>.</summary>
    public static async Task<double> UntilAllAsync(HashSet<int> left, Func<HashSet<int>, Task> pass, System.Diagnostics.Stopwatch since, TimeSpan limit)
    {
        while (left.Count > 0)
        {
            if (since.Elapsed > limit)
            {
                throw new TimeoutException($"{left.Count} ports were still not as expected after {limit.TotalSeconds} s (first: {left.Min()})");
            }

            await pass(left);
            if (left.Count > 0)
            {
                await Task.Delay(2);
            }
        }

        return since.Elapsed.TotalMilliseconds;
    }

    // "  12: 0100007F:2710 00000000:0000 0A ..." — local address 127.0.0.1, port in hex, state (0A: TCP listening).
    private static HashSet<int> Bound(string table, bool listening)
    {
        var ports = new HashSet<int>();
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var local = line.AsSpan().TrimStart();
            local = local[(local.IndexOf(' ') + 1)..];
            if (local.StartsWith("0100007F:") && (!listening || local[28..30].SequenceEqual("0A")))
            {
                ports.Add(int.Parse(local[9..13], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return ports;
    }
}
