using PortFwd.Relay.Engine;
using Xunit.Sdk;

namespace PortFwd.Relay.Tests.Support;

/// <summary>How a test's engine carries TCP: the transport and, for epoll, how many event loops.</summary>
public sealed class TcpCarrier : IXunitSerializable
{
    public TcpCarrier()
    {
    }

    public TcpCarrier(RelayTcpTransport transport, int loops = 1)
    {
        Transport = transport;
        Loops = loops;
    }

    public RelayTcpTransport Transport { get; private set; }

    /// <summary>Event loops (epoll only).</summary>
    public int Loops { get; private set; } = 1;

    public void Deserialize(IXunitSerializationInfo info)
    {
        Transport = Enum.Parse<RelayTcpTransport>(info.GetValue<string>(nameof(Transport))!);
        Loops = info.GetValue<int>(nameof(Loops));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Transport), Transport.ToString());
        info.AddValue(nameof(Loops), Loops);
    }

    public override string ToString() => Transport == RelayTcpTransport.Epoll ? $"Epoll x{Loops}" : Transport.ToString();
}
