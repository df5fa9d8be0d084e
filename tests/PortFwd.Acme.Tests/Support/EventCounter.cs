using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PortFwd.Testing.Logging;

namespace PortFwd.Acme.Tests.Support;

/// <summary>A logger into the test's output that also counts events by id, to see what the client did.</summary>
public sealed class EventCounter<T>() : TestOutputLogger(typeof(T).FullName!, LogLevel.Debug, TestContext.Current.TestOutputHelper), ILogger<T>
{
    private readonly ConcurrentDictionary<int, int> _counts = new();

    public int this[int eventId] => _counts.GetValueOrDefault(eventId);

    public new void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _counts.AddOrUpdate(eventId.Id, 1, (_, n) => n + 1);
        base.Log(logLevel, eventId, state, exception, formatter);
    }

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Log(logLevel, eventId, state, exception, formatter);
}
