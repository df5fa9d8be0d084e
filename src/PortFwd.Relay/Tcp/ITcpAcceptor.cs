using System.Net.Sockets;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Tcp;

/// <summary>
/// Where a rule's TCP listeners hand each accepted client: it is admitted (or refused and closed)
/// and, once admitted, relayed to the target of the listener's port.
/// </summary>
internal interface ITcpAcceptor
{
    /// <summary>A client accepted by the sockets transport; owns <paramref name="client"/> from here.</summary>
    /// <param name="client">The accepted socket.</param>
    /// <param name="offset">The listener's port within the rule's range.</param>
    void Accept(Socket client, int offset);

    /// <summary>A client accepted on the epoll loop's thread; owns <paramref name="fd"/> from here.</summary>
    /// <param name="loop">The loop the listener runs on; the connection runs there too.</param>
    /// <param name="fd">The accepted, non-blocking descriptor.</param>
    /// <param name="address">The client's struct sockaddr.</param>
    /// <param name="offset">The listener's port within the rule's range.</param>
    void Accept(EpollLoop loop, int fd, ReadOnlySpan<byte> address, int offset);
}
