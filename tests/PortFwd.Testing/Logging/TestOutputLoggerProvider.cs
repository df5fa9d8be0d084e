using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PortFwd.Testing.Logging;

/// <summary>
/// Writes log lines to the output of the test that is running (xunit's <see cref="TestContext"/>), so the
/// app's own account of what went wrong is shown beside a failing test and nowhere else.
/// </summary>
public sealed class TestOutputLoggerProvider(LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    // Work that does not carry the test's context (a Kestrel request from the browser, a timer) writes to the
    // test that built the host, as long as that test runs.
    private readonly ITestOutputHelper? _owner = TestContext.Current.TestOutputHelper;

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(categoryName, minimum, _owner);

    public void Dispose()
    {
    }
}

/// <summary>
/// A logger into the running test's output, or else into the output of the test that created it while that
/// test runs; other lines are dropped.
/// </summary>
public class TestOutputLogger(string category, LogLevel minimum = LogLevel.Information, ITestOutputHelper? owner = null) : ILogger
{
    /// <summary>A logger for code that takes an <see cref="ILogger{T}"/>.</summary>
    public static ILogger<T> For<T>(LogLevel minimum = LogLevel.Information) => new TestOutputLogger<T>(minimum);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel) || (TestContext.Current.TestOutputHelper ?? owner) is not { } output)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Level(logLevel)} {category}[{eventId.Id}] {formatter(state, exception)}");
        if (exception is not null)
        {
            line += Environment.NewLine + exception;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // That test has ended (a host or a background loop outliving it): nowhere to write.
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}

/// <summary>A <see cref="TestOutputLogger"/> named after <typeparamref name="T"/>, as <see cref="ILogger{T}"/>.</summary>
public sealed class TestOutputLogger<T>(LogLevel minimum = LogLevel.Information)
    : TestOutputLogger(typeof(T).FullName ?? typeof(T).Name, minimum, TestContext.Current.TestOutputHelper), ILogger<T>;
