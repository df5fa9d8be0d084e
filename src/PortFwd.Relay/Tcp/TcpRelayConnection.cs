using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// One relayed TCP connection: the accepted client socket, the socket to the target, and two copy
/// loops. Each loop waits with a zero-byte read, so an idle connection holds no buffer; a pooled
/// buffer is rented only while bytes flow and returned as soon as the socket has been drained.
/// </summary>
internal sealed class TcpRelayConnection : RelayedConnection
{
    /// <summary>Copy buffer size; a full read is followed by another read without waiting.</summary>
    internal const int BufferSize = 64 * 1024;

    private static readonly LingerOption ResetOnClose = new(true, 0);

    private readonly TcpConnectionSet _connections;
    private readonly Socket _client;
    private Socket? _upstream;
    private int _closed;

    public TcpRelayConnection(TcpConnectionSet connections, Socket client)
    {
        _connections = connections;
        _client = client;
    }

    public async Task RunAsync(IPEndPoint target, ProxyProtocolVersion proxyProtocol = ProxyProtocolVersion.Off)
    {
        var counters = _connections.Counters;
        try
        {
            var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Volatile.Write(ref _upstream, upstream);
            if (Volatile.Read(ref _closed) != 0)
            {
                upstream.Dispose();
                return;
            }

            Configure(upstream);
            // The connect is timed from when the client was accepted, a moment ago (Stats.Opened).
            Volatile.Write(ref Connecting, true);
            _connections.ConnectStarting();
            try
            {
                await upstream.ConnectAsync(target, CancellationToken.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Interlocked.Increment(ref counters.TcpUpstreamFailed);
                if (Volatile.Read(ref _closed) == 0 || ConnectTimedOut)
                {
                    RelayLog.UpstreamFailed(_connections.Rule.Logger, _connections.Rule.RuleId, target.ToString(), ConnectTimedOut ? "timed out" : e.Message);
                }

                return;
            }
            finally
            {
                Volatile.Write(ref Connecting, false);
                _connections.ConnectFinished();
            }

            if (proxyProtocol != ProxyProtocolVersion.Off)
            {
                SendProxyHeader(upstream, proxyProtocol);
            }

            _client.Blocking = false;
            upstream.Blocking = false;
            var toTarget = PumpAsync(_client, upstream, clientToTarget: true);
            var toClient = PumpAsync(upstream, _client, clientToTarget: false);
            await toTarget;
            await toClient;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by rule removal while setting up, or a peer that vanished: nothing left to relay.
        }
        finally
        {
            Close(reset: false);
            _connections.Remove(this);
        }
    }

    /// <summary>Set by the sweeper when the connect to the target took too long.</summary>
    internal bool ConnectTimedOut { get; private set; }

    internal override void TimeOutConnect()
    {
        ConnectTimedOut = true;
        Volatile.Read(ref _upstream)?.Dispose();
    }

    internal override void CloseIfBlocked(Rules.AddressBlocklist blocklist)
    {
        try
        {
            // The accepted socket keeps the peer's address it was accepted with: no system call.
            if (Volatile.Read(ref _closed) == 0 && _client.RemoteEndPoint is IPEndPoint remote && blocklist.Holds(remote.Address))
            {
                Close(reset: true);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed meanwhile: nothing left to block.
        }
    }

    internal override void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseSocket(_client, reset);
        CloseSocket(Volatile.Read(ref _upstream), reset);
    }

    /// <summary>
    /// The PROXY protocol header goes to the target before any client byte. The upstream socket is still blocking and
    /// has just connected, so its send buffer takes the few bytes at once.
    /// </summary>
    private void SendProxyHeader(Socket upstream, ProxyProtocolVersion version)
    {
        Span<byte> header = stackalloc byte[ProxyHeader.MaxLength];
        var length = _client.RemoteEndPoint is IPEndPoint source && _client.LocalEndPoint is IPEndPoint destination
            ? ProxyHeader.Write(header, version, source, destination)
            : 0;
        var sent = 0;
        while (sent < length)
        {
            sent += upstream.Send(header[sent..length]);
        }
    }

    internal static void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
    }

    private static void CloseSocket(Socket? socket, bool reset)
    {
        if (socket is null)
        {
            return;
        }

        try
        {
            if (reset)
            {
                socket.LingerState = ResetOnClose;
            }
            else
            {
                // The FIN goes out now: disposed with a receive pending, the runtime would close abortively (a reset).
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone (or never connected); a plain close is all that is left.
        }

        socket.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, bool clientToTarget)
    {
        var counters = _connections.Counters;
        var rule = _connections.Rule;
        var clock = rule.Clock;
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    // Wait for data without holding memory: idle connections cost no buffer.
                    await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                }

                // A rule with a rate limit that way reads no more than its budget, and waits when it is spent.
                var rate = clientToTarget ? rule.ClientToTargetRate : rule.TargetToClientRate;
                var size = buffer.Length;
                if (rate is not null)
                {
                    size = Math.Min(size, rate.Allowance());
                    if (size == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                        await Task.Delay(rate.Wait(), rule.Time);
                        continue;
                    }
                }

                // Both sockets are non-blocking: data is there after the wait, and a send into a
                // socket with room completes at once. Only a full send buffer falls back to an
                // awaited send (and only then does the socket allocate its send state).
                var read = from.Receive(buffer, 0, size, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    continue;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                rate?.Consume(read);
                if (read == 0)
                {
                    // FIN from this side: pass the half-close on; the other direction keeps flowing.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = to.Send(buffer, 0, read, SocketFlags.None, out error);
                if (error is not SocketError.Success and not SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }

                if (sent < read)
                {
                    await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }

                if (clientToTarget)
                {
                    Interlocked.Add(ref counters.BytesClientToTarget, read);
                }
                else
                {
                    Interlocked.Add(ref counters.BytesTargetToClient, read);
                }

                CountDelivered(clientToTarget, read, clock.Now);

                if (read < size)
                {
                    // Probably drained: give the buffer back before waiting again.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A reset or error on either leg is passed on as a reset on both; after Close this is a no-op.
            Close(reset: true);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
