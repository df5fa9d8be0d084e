using PortFwd.Relay.Engine;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests.Support;

/// <summary>How a test's engine carries UDP: one datagram per system call, or batches of them (Linux recvmmsg and sendmmsg).</summary>
public enum UdpPath
{
    OneByOne,
    Batched,
}

internal static class UdpPaths
{
    /// <summary>An engine on <paramref name="path"/>; on Linux a batched engine must really batch, or its theory rows would test nothing new.</summary>
    public static RelayEngine Engine(UdpPath path, TimeProvider? time = null)
    {
        var engine = new RelayEngine(TestOutputLogger.For<RelayEngine>(), time, udpBatch: path == UdpPath.Batched);
        Assert.Equal(path == UdpPath.Batched && OperatingSystem.IsLinux(), engine.UdpBatch);
        return engine;
    }
}
