using System.Net;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests.Support;

/// <summary>The context of one applied rule, built without an engine, for tests of a rule's parts.</summary>
internal static class TestRule
{
    public static RuleContext Context(TimeProvider time, RelayLimits? limits = null) =>
        Context(Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), limits: limits), time);

    /// <summary>The context of <paramref name="spec"/>, its target at 127.0.0.1.</summary>
    public static RuleContext Context(RelayRule spec, TimeProvider time) =>
        new(new RuleSettings(spec, IPAddress.Loopback, time), new RuleCounters(), new RefusalLog(time), new ConnectionIds(), TestOutputLogger.For<RuleContext>(), time, new CoarseClock(time));
}
