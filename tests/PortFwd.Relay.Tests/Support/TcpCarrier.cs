using PortFwd.Relay.Engine;
using Xunit.Sdk;

namespace PortFwd.Relay.Tests.Support;

/// <summary>How a test's engine carries TCP: the transport and, for epoll, how many event loops.</summary>
public sealed class TcpCarrier : IXunitSerializable
{
    public TcpCarrier()
    {
    }

    public TcpCarrier(RelayTcpTransport transport, int loops = 1, bool splice = false)
    {
        Transport = transport;
        Loops = loops;
        Splice = splice;
    }

    public RelayTcpTransport Transport { get; private set; }

    /// <summary>Event loops (epoll only).</summary>
    public int Loops { get; private set; } = 1;

    /// <summary>Bulk transfers spliced in the kernel (epoll only).</summary>
    public bool Splice { get; private set; }

    public void Deserialize(IXunitSerializationInfo info)
    {
        Transport = Enum.Parse<RelayTcpTransport>(info.GetValue<string>(nameof(Transport))!);
        Loops = info.GetValue<int>(nameof(Loops));
        Splice = info.GetValue<bool>(nameof(Splice));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Transport), Transport.ToString());
        info.AddValue(nameof(Loops), Loops);
        info.AddValue(nameof(Splice), Splice);
    }

    public override string ToString() => Transport == RelayTcpTransport.Epoll ? $"Epoll x{Loops}{(Splice ? " splice" : "")}" : Transport.ToString();
}
