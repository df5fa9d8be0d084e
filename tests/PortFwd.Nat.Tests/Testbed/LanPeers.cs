using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>A TCP server on the LAN address that greets every connection, and a UDP echo beside it.</summary>
internal sealed class LanPeers : IDisposable
{
    private readonly TcpListener _tcp;
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();

    public LanPeers(IPAddress lanAddress, string greeting)
    {
        Greeting = greeting;
        _tcp = new TcpListener(lanAddress, 0);
        _tcp.Start();
        _udp = new UdpClient(new IPEndPoint(lanAddress, 0));
        _ = Task.Run(AcceptLoopAsync);
        _ = Task.Run(EchoLoopAsync);
    }

    public string Greeting { get; }
    public int TcpPort => ((IPEndPoint)_tcp.LocalEndpoint).Port;
    public int UdpPort => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _tcp.AcceptTcpClientAsync(_stop.Token);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Greeting), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // a client that went away; keep serving
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task EchoLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _udp.ReceiveAsync(_stop.Token);
                await _udp.SendAsync(Encoding.ASCII.GetBytes("echo:" + Encoding.ASCII.GetString(r.Buffer)), r.RemoteEndPoint, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP from a peer that left; keep echoing
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _tcp.Stop();
        _udp.Dispose();
        _stop.Dispose();
    }
}
