using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests.Support;

/// <summary>Socket helpers for tests; every wait is bounded by a generous hang guard, never asserted on.</summary>
internal static class Net
{
    /// <summary>Hang guard for one test step (not a timing assertion).</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>Both TCP transports, epoll with one event loop, with two, and splicing bulk transfers: every TCP behaviour is checked on each.</summary>
    public static TheoryData<TcpCarrier> TcpTransports =>
    [
        new TcpCarrier(RelayTcpTransport.Epoll, 1), new TcpCarrier(RelayTcpTransport.Epoll, 2),
        new TcpCarrier(RelayTcpTransport.Epoll, 1, splice: true), new TcpCarrier(RelayTcpTransport.Sockets),
    ];

    /// <summary>An engine on the given TCP transport (epoll with one loop); the epoll one is skipped, with the reason, where it cannot run.</summary>
    public static RelayEngine Engine(RelayTcpTransport transport, TimeProvider? time = null) => Engine(new TcpCarrier(transport), time);

    /// <summary>An engine carrying TCP as given; the epoll transport is skipped, with the reason, where it cannot run.</summary>
    public static RelayEngine Engine(TcpCarrier carrier, TimeProvider? time = null, HostLookup? lookup = null, TimeSpan? tcpIdleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        Assert.SkipWhen(carrier.Transport == RelayTcpTransport.Epoll && !LinuxSockets.IsSupported, "the epoll transport needs Linux on x86, x86-64, ARM or ARM64");
        return new RelayEngine(TestOutputLogger.For<RelayEngine>(), time, carrier.Transport, lookup, carrier.Loops, carrier.Splice, tcpIdleTimeout: tcpIdleTimeout);
    }

    /// <summary>The machine's TCP sockets in <paramref name="state"/> that match an <c>ss</c> <paramref name="filter"/>, one line each (with
    /// timers); skips the test, saying why, where <c>ss</c> (iproute2) is not installed.</summary>
    public static async Task<string> SocketsAsync(string state, string filter, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ss", $"-tnoH state {state} \"( {filter} )\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("ss (iproute2) is not installed, so socket states cannot be read from outside the relay");
            throw;
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            Assert.True(process.ExitCode == 0, $"ss failed: {await process.StandardError.ReadToEndAsync(ct)}");
            return output;
        }
    }

    public static RelayRule TcpRule(int id, IPEndPoint target, int listenPort = 0, int listenPortEnd = -1, RelayLimits? limits = null, IReadOnlyList<IPNetwork>? allowed = null, RelayTransport transport = RelayTransport.Tcp, IPAddress? listen = null) =>
        new(id, $"rule {id}", transport, listen ?? IPAddress.Loopback, listenPort, listenPortEnd < 0 ? listenPort : listenPortEnd,
            target.Address.ToString(), target.Port, allowed ?? [], limits ?? RelayLimits.Default);

    public static IPEndPoint Tcp(this RelayApplyResult result, int index = 0)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Listening.Where(e => e.Transport == RelayTransport.Tcp).ElementAt(index).EndPoint;
    }

    public static IPEndPoint Udp(this RelayApplyResult result, int index = 0)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Listening.Where(e => e.Transport == RelayTransport.Udp).ElementAt(index).EndPoint;
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Guard);
        await socket.ConnectAsync(endPoint, cts.Token);
        return socket;
    }

    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> data)
    {
        using var cts = new CancellationTokenSource(Guard);
        await socket.SendAsync(data, SocketFlags.None, cts.Token);
    }

    public static async Task<byte[]> ReceiveExactlyAsync(this Socket socket, int count)
    {
        var buffer = new byte[count];
        var done = 0;
        using var cts = new CancellationTokenSource(Guard);
        while (done < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(done), SocketFlags.None, cts.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"EOF after {done} of {count} bytes");
            }

            done += read;
        }

        return buffer;
    }

    public static async Task<byte[]> ReceiveToEndAsync(this Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(Guard);
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (read == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, read);
        }
    }

    /// <summary>Reads until the relay ends the connection; "closed" (FIN) or "reset".</summary>
    public static async Task<string> ReceiveEndAsync(this Socket socket)
    {
        try
        {
            await socket.ReceiveToEndAsync();
            return "closed";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
    }

    public static async Task<byte[]> EchoAsync(this Socket socket, byte[] payload)
    {
        await socket.SendAllAsync(payload);
        return await socket.ReceiveExactlyAsync(payload.Length);
    }

    /// <summary>Polls until the condition holds; false if the hang guard runs out.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public static int OpenFileDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    public static Socket UdpClient(IPEndPoint relay)
    {
        var socket = new Socket(relay.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(relay);
        return socket;
    }

    public static async Task<string> UdpRequestAsync(this Socket socket, string payload)
    {
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(payload), SocketFlags.None);
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(Guard);
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }
}
