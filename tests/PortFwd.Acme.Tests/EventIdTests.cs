using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PortFwd.Acme.Tests;

public sealed class EventIdTests
{
    [Fact]
    public void Every_ACME_log_event_has_its_own_id_in_the_ACME_range()
    {
        var events = typeof(AcmeClient).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.InRange(e.Attribute!.EventId, 400, 499));
        var reused = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(e => e.Method)));
        Assert.Empty(reused);
    }
}
