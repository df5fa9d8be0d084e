using System.Text.Json.Serialization;

namespace PortFwd.Core.Rules;

/// <summary>What a forwarding rule carries, in a router's words.</summary>
public enum Protocol
{
    /// <summary>TCP only.</summary>
    Tcp,

    /// <summary>UDP only.</summary>
    Udp,

    /// <summary>TCP and UDP on the same port(s).</summary>
    [JsonStringEnumMemberName("tcpudp")]
    TcpUdp,

    /// <summary>HTTP, proxied by host name and path prefix.</summary>
    Http,
}

/// <summary>The wire names of <see cref="Protocol"/> (<c>tcp</c>, <c>udp</c>, <c>tcpudp</c>, <c>http</c>).</summary>
public static class ProtocolNames
{
    public static IReadOnlyList<string> All { get; } = ["tcp", "udp", "tcpudp", "http"];

    public static string ToName(this Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "tcp",
        Protocol.Udp => "udp",
        Protocol.TcpUdp => "tcpudp",
        Protocol.Http => "http",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static string ToDisplayName(this Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "TCP",
        Protocol.Udp => "UDP",
        Protocol.TcpUdp => "TCP/UDP",
        Protocol.Http => "HTTP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static bool TryParse(string? name, out Protocol protocol)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "tcp": protocol = Protocol.Tcp; return true;
            case "udp": protocol = Protocol.Udp; return true;
            case "tcpudp" or "tcp/udp" or "both": protocol = Protocol.TcpUdp; return true;
            case "http": protocol = Protocol.Http; return true;
            default: protocol = default; return false;
        }
    }

    /// <summary>Whether the rule listens for TCP connections (HTTP runs over TCP).</summary>
    public static bool UsesTcp(this Protocol protocol) => protocol is Protocol.Tcp or Protocol.TcpUdp or Protocol.Http;

    /// <summary>Whether the rule listens for UDP datagrams.</summary>
    public static bool UsesUdp(this Protocol protocol) => protocol is Protocol.Udp or Protocol.TcpUdp;
}
