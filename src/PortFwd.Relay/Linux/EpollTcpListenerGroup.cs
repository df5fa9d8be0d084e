using System.Net;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Tcp;

namespace PortFwd.Relay.Linux;

/// <summary>
/// One listening TCP port served by every event loop: each loop has its own socket on the port (SO_REUSEPORT), the
/// kernel spreads new connections over them, and a connection stays on the loop that accepted it — no hand-over
/// between threads, as nginx's and haproxy's per-thread listeners do. With one loop it is a single plain listener.
/// </summary>
internal sealed class EpollTcpListenerGroup : ITcpPortListener
{
    private readonly EpollTcpListener[] _listeners;

    private EpollTcpListenerGroup(EpollTcpListener[] listeners) => _listeners = listeners;

    /// <summary>The first socket's address (port 0 is resolved by it, and the others take the same port).</summary>
    public IPEndPoint LocalEndPoint => _listeners[0].LocalEndPoint;

    /// <summary>Binds one socket per loop; on a failure closes those already bound and rethrows for the caller to describe.</summary>
    public static EpollTcpListenerGroup Open(ITcpAcceptor acceptor, RuleContext rule, IReadOnlyList<EpollLoop> loops, IPAddress address, int port, int offset)
    {
        var share = loops.Count > 1;
        if (share)
        {
            // SO_REUSEPORT would let the group join a port another socket of this user shares the same way (another
            // rule of this engine, another program's reuseport listener). A plain socket cannot bind a port anyone
            // holds: bound first and let go, it refuses such a port as "in use" like the single-loop listener does.
            using var probe = BoundSocket.Create(address, port, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp, static _ => { });
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var listeners = new List<EpollTcpListener>(loops.Count);
        try
        {
            foreach (var loop in loops)
            {
                var listener = EpollTcpListener.Open(acceptor, rule, loop, address, listeners.Count == 0 ? port : listeners[0].LocalEndPoint.Port, offset, share);
                listeners.Add(listener);
            }
        }
        catch
        {
            // Never started, so closing only disposes the sockets; nothing waits on a loop.
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }

            throw;
        }

        return new EpollTcpListenerGroup([.. listeners]);
    }

    public void Start()
    {
        foreach (var listener in _listeners)
        {
            listener.Start();
        }
    }

    public Task Close() => Task.WhenAll(_listeners.Select(l => l.Close()));
}
