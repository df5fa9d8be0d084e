using System.Runtime.CompilerServices;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Tcp;

namespace PortFwd.Relay.Tests;

/// <summary>
/// What one TCP connection object costs, in bytes on the managed heap. Every idle connection holds exactly one, so
/// a field added to a connection shows up here before it shows up in the relay's memory per connection.
/// </summary>
public sealed class ConnectionMemoryTests
{
    [Theory]
    // The epoll transport's object was 176 bytes before the connection table, limits and the PROXY protocol came.
    [InlineData(typeof(EpollTcpConnection), 176)]
    [InlineData(typeof(TcpRelayConnection), 128)]
    public void An_idle_connection_object_stays_within_its_budget(Type connection, long budget)
    {
        Assert.SkipUnless(Environment.Is64BitProcess, "the budgets are for 64-bit processes (8-byte references)");

        Assert.InRange(SizeOf(connection), 1, budget);
    }

    /// <summary>The bytes allocated for one instance, without running its constructor.</summary>
    private static long SizeOf(Type type)
    {
        // The first allocation of a type can allocate once for the runtime's own bookkeeping; measure the second.
        GC.KeepAlive(RuntimeHelpers.GetUninitializedObject(type));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        var size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(instance);
        return size;
    }
}
