using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace PortFwd.WebSocket.Bench;

/// <summary>What one run does, from the command line, with every count and duration bounded.</summary>
internal sealed record BenchOptions
{
    public int Port { get; init; }

    public TimeSpan ExitAfter { get; init; } = TimeSpan.FromHours(1);

    public Uri? Url { get; init; }

    public int Connections { get; init; } = 64;

    public int Size { get; init; } = 64;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The proxy process whose CPU time is read over the measured window, if any.</summary>
    public int? CpuPid { get; init; }

    public static OptionsResult Parse(bool server, ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                return OptionsResult.Fail($"{name} needs a value");
            }

            var value = args[i + 1];
            int number = 0;
            if (name != "--url" && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                return OptionsResult.Fail($"{name}: '{value}' is not a whole number");
            }

            (options, var error) = (server, name) switch
            {
                (true, "--port") => Within(options with { Port = number }, name, number, 1, 65535),
                (true, "--exit-after") => Within(options with { ExitAfter = TimeSpan.FromSeconds(number) }, name, number, 1, 24 * 3600),
                (false, "--url") => (options with { Url = Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : null }, null),
                (false, "--connections") => Within(options with { Connections = number }, name, number, 1, 1024),
                (false, "--size") => Within(options with { Size = number }, name, number, 1, 1024 * 1024),
                (false, "--secs") => Within(options with { Duration = TimeSpan.FromSeconds(number) }, name, number, 1, 120),
                (false, "--warmup") => Within(options with { Warmup = TimeSpan.FromSeconds(number) }, name, number, 0, 60),
                (false, "--cpu-pid") => Within(options with { CpuPid = number }, name, number, 1, int.MaxValue),
                _ => (options, $"unknown option {name} for {(server ? "server" : "client")}"),
            };
            if (error is not null)
            {
                return OptionsResult.Fail(error);
            }
        }

        if (server && options.Port == 0)
        {
            return OptionsResult.Fail("server needs --port");
        }

        if (!server && !IsLoopbackWebSocket(options.Url))
        {
            return OptionsResult.Fail("client needs --url ws://127.0.0.1:PORT/PATH (loopback only)");
        }

        return OptionsResult.Ok(options);
    }

    private static (BenchOptions Options, string? Error) Within(BenchOptions options, string name, int value, int min, int max) =>
        value >= min && value <= max ? (options, null) : (options, $"{name} must be between {min} and {max}");

    private static bool IsLoopbackWebSocket([NotNullWhen(true)] Uri? url) =>
        url is { Scheme: "ws" } && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}

/// <summary>Why the command line cannot be run ("--size must be between 1 and 1048576").</summary>
internal sealed record OptionsError(string Message);

/// <summary>The parsed options, or why the command line was refused.</summary>
internal sealed class OptionsResult
{
    private OptionsResult(BenchOptions? value, OptionsError? error) => (Value, Error) = (value, error);

    public BenchOptions? Value { get; }

    public OptionsError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static OptionsResult Ok(BenchOptions options) => new(options, null);

    public static OptionsResult Fail(string message) => new(null, new OptionsError(message));
}
