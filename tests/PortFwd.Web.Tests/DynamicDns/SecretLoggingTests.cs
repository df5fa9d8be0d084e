using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFwd.Core.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>Secrets never reach a log, at any level: not the Basic auth header, not a DuckDNS token in the query, not a Cloudflare bearer token.</summary>
public sealed class SecretLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Updates_to_every_provider_log_no_secret_even_at_trace_level()
    {
        await using var server = await LocalHttpServer.StartAsync("""{"success":false,"errors":[{"message":"no"}]}""");
        var lines = new ConcurrentQueue<string>();
        using var services = ProviderClientTests.Services(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Capture(lines)));

        await services.GetRequiredService<Dyndns2Client>().UpdateAsync(ProviderClientTests.Request(DdnsProvider.NoIp, server, password: "pw-SECRET-1"), Ct);
        await services.GetRequiredService<DuckDnsClient>().UpdateAsync(ProviderClientTests.Request(DdnsProvider.DuckDns, server, hostName: "myname.duckdns.org", token: "tok-SECRET-2"), Ct);
        await services.GetRequiredService<CloudflareClient>().UpdateAsync(ProviderClientTests.Request(DdnsProvider.Cloudflare, server, hostName: "home.example.net", token: "cf-SECRET-3"), Ct);

        Assert.Equal(3, server.Received.Count);
        // The HTTP client logs each request's URL (so a token in a query would show), with the query left out.
        Assert.Contains(lines, line => line.Contains("/update", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain("SECRET", line, StringComparison.Ordinal));
        // The Basic auth value is the base64 of "user:password": it must not appear either.
        Assert.All(lines, line => Assert.DoesNotContain(Convert.ToBase64String("me@example.net:pw-SECRET-1"u8.ToArray()), line, StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{category}: {formatter(state, exception)} {structured} {exception}");
            }
        }
    }
}
