using System.Net;
using System.Net.Sockets;

namespace PortFwd.Web.Tests.Connections;

/// <summary>A TCP service on 127.0.0.1 that sends back every byte it reads, for rules to forward to.</summary>
internal sealed class EchoBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EchoBackend()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The relay closed the connection, or the test ended.
            }
        }
    }
}
