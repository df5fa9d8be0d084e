using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Tcp;
using static PortFwd.Relay.Linux.LinuxSockets;

namespace PortFwd.Relay.Linux;

/// <summary>
/// One listening TCP port of a rule on an <see cref="EpollLoop"/>. The socket is bound by .NET (so
/// bind errors read as usual); accepting is accept4 on the loop thread, straight into a
/// non-blocking descriptor that inherits TCP_NODELAY and SO_KEEPALIVE from the listener.
/// </summary>
internal sealed class EpollTcpListener : ITcpPortListener, IEpollHandler
{
    private const int Backlog = 1024;

    // Accepts per wake-up before the loop serves the connections it has: fair under a connection flood.
    private const int AcceptBatch = 64;
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(50);

    private readonly ITcpAcceptor _acceptor;
    private readonly RuleContext _rule;
    private readonly EpollLoop _loop;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly int _offset;
    private int _slot = -1;
    private bool _closed;

    private EpollTcpListener(ITcpAcceptor acceptor, RuleContext rule, EpollLoop loop, Socket socket, int offset)
    {
        _acceptor = acceptor;
        _rule = rule;
        _loop = loop;
        _socket = socket;
        _fd = (int)socket.Handle;
        _offset = offset;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds and listens; throws <see cref="SocketException"/> for the caller to describe. Accepted clients
    /// go to <paramref name="acceptor"/> on the loop thread; <paramref name="rule"/> gives the log and clock for accept failures.
    /// <c>sharePort</c>: every event loop listens on the port with a socket of its own (SO_REUSEPORT).
    /// </summary>
    public static EpollTcpListener Open(ITcpAcceptor acceptor, RuleContext rule, EpollLoop loop, IPAddress address, int port, int offset, bool sharePort = false) =>
        new(acceptor, rule, loop, BoundSocket.Create(address, port, SocketType.Stream, ProtocolType.Tcp, static s =>
        {
            // Accepted sockets inherit TCP_NODELAY and SO_KEEPALIVE on Linux: no setsockopt per connection.
            TcpRelayConnection.Configure(s);
            s.Listen(Backlog);
            s.Blocking = false;
        }, sharePort), offset);

    public void Start() => _loop.Post(() =>
    {
        if (!_closed)
        {
            _slot = _loop.Register(this);
            _loop.Add(_fd, EpollIn, _slot, 0);
        }
    });

    /// <summary>Disposes a listener that was never started (its group failed to open).</summary>
    public void Dispose() => _socket.Dispose();

    public async Task Close()
    {
        await _loop.RunAsync(() =>
        {
            _closed = true;
            if (_slot >= 0)
            {
                _loop.Remove(_fd);
                _loop.Release(_slot);
                _slot = -1;
            }
        });
        _socket.Dispose();
    }

    public unsafe void OnEvents(uint events, int side)
    {
        var address = stackalloc byte[SockAddrStorage];
        for (var i = 0; i < AcceptBatch && !_closed; i++)
        {
            var length = SockAddrStorage;
            var fd = Accept(_fd, address, &length, SockNonBlock | SockCloExec);
            if (fd >= 0)
            {
                _loop.CountAccepted();
                _acceptor.Accept(_loop, fd, new ReadOnlySpan<byte>(address, length), _offset);
                continue;
            }

            var error = LastError;
            if (error == EAgain)
            {
                return;
            }

            if (error is EIntr or EConnAborted)
            {
                continue;
            }

            // Out of descriptors or memory: stop listening for a moment rather than spin.
            RelayLog.AcceptFailed(_rule.Logger, _rule.RuleId, LocalEndPoint.ToString(), Describe(error));
            _loop.Modify(_fd, 0, _slot, 0);
            _ = ResumeAfterBackoffAsync();
            return;
        }
    }

    private async Task ResumeAfterBackoffAsync()
    {
        await Task.Delay(Backoff, _rule.Time);
        _loop.Post(() =>
        {
            if (!_closed)
            {
                _loop.Modify(_fd, EpollIn, _slot, 0);
            }
        });
    }
}
