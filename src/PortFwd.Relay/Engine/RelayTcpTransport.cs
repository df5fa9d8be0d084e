namespace PortFwd.Relay.Engine;

/// <summary>How the relay carries TCP connections.</summary>
public enum RelayTcpTransport
{
    /// <summary>Epoll on Linux (x86, x86-64, ARM, ARM64), sockets elsewhere.</summary>
    Automatic,

    /// <summary>One event-loop thread over raw descriptors with epoll (Linux only): fewest system calls and bytes per connection.</summary>
    Epoll,

    /// <summary><see cref="System.Net.Sockets.Socket"/> with async copy loops; runs on every platform .NET runs on.</summary>
    Sockets,
}
