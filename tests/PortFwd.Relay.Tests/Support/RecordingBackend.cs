using System.Net;
using System.Net.Sockets;

namespace PortFwd.Relay.Tests.Support;

/// <summary>A TCP target on loopback that hands each accepted connection to the test, to read exactly what arrives first.</summary>
internal sealed class RecordingBackend : IDisposable
{
    private readonly Socket _listener;

    public RecordingBackend(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The next connection the relay made to this target.</summary>
    public async Task<Socket> AcceptAsync()
    {
        using var cts = new CancellationTokenSource(Net.Guard);
        return await _listener.AcceptAsync(cts.Token);
    }

    public void Dispose() => _listener.Dispose();
}
