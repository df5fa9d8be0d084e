using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PortFwd.Relay.Engine;

namespace PortFwd.Relay.Tcp;

/// <summary>One listening TCP socket of a rule (one port of its range) and its accept loop, over <see cref="Socket"/> (the portable transport).</summary>
internal sealed class TcpPortListener : ITcpPortListener
{
    private const int Backlog = 1024;
    private readonly ITcpAcceptor _acceptor;
    private readonly RuleContext _rule;
    private readonly Socket _socket;
    private readonly int _offset;
    private Task _acceptLoop = Task.CompletedTask;
    private volatile bool _closed;

    private TcpPortListener(ITcpAcceptor acceptor, RuleContext rule, Socket socket, int offset)
    {
        _acceptor = acceptor;
        _rule = rule;
        _socket = socket;
        _offset = offset;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds and listens; throws <see cref="SocketException"/> for the caller to describe. Accepted clients
    /// go to <paramref name="acceptor"/>; <paramref name="rule"/> gives the log and clock for accept failures.
    /// </summary>
    public static TcpPortListener Open(ITcpAcceptor acceptor, RuleContext rule, IPAddress address, int port, int offset) =>
        new(acceptor, rule, BoundSocket.Create(address, port, SocketType.Stream, ProtocolType.Tcp, static s => s.Listen(Backlog)), offset);

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    /// <summary>Stops accepting: closes the listening socket; returns the accept loop to await.</summary>
    public Task Close()
    {
        _closed = true;
        _socket.Dispose();
        return _acceptLoop;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_closed)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (_closed || e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors or buffers: back off briefly rather than spin.
                RelayLog.AcceptFailed(_rule.Logger, _rule.RuleId, LocalEndPoint.ToString(), e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(50), _rule.Time);
                continue;
            }

            _acceptor.Accept(client, _offset);
        }
    }
}
