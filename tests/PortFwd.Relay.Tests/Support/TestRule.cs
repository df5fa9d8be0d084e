using System.Net;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests.Support;

/// <summary>The context of one applied rule, built without an engine, for tests of a rule's parts.</summary>
internal static class TestRule
{
    public static RuleContext Context(TimeProvider time, RelayLimits? limits = null)
    {
        var spec = Net.TcpRule(1, new IPEndPoint(IPAddress.Loopback, 9), limits: limits);
        return new RuleContext(new RuleSettings(spec, IPAddress.Loopback, time), new RuleCounters(), TestOutputLogger.For<RuleContext>(), time, new CoarseClock(time));
    }
}
