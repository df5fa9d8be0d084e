using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PortFwd.Web.Certificates;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// What every port host the reconciler opens shares: the panel's logging, the HTTP traffic meter, the ACME challenge
/// answers and the global blocklist (none where a host serves no rules).
/// </summary>
internal sealed record PortHostServices(ILoggerFactory LoggerFactory, HttpTrafficMeter Meter, AcmeChallengeAnswers ChallengeAnswers, Blocklist.BlockedAddresses? Blocked = null);

/// <summary>
/// A bare Kestrel application for one port of a rule (an HTTP rule's port, a redirect port): no panel middleware,
/// nothing of the panel reachable, logs going to the panel's logging.
/// </summary>
internal static class PortListenerApp
{
    /// <param name="configureListen">How the listener speaks (HTTPS); null for plain HTTP/1.1.</param>
    public static WebApplicationBuilder CreateBuilder(IPEndPoint endpoint, ILoggerFactory loggerFactory, Action<ListenOptions>? configureListen)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(PortListenerApp).Assembly.GetName().Name });
        var listen = configureListen ?? (_ => { });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                o.ListenAnyIP(endpoint.Port, listen);
            }
            else
            {
                o.Listen(endpoint, listen);
            }
        });
        // A request runs on the thread that read it instead of being handed to the thread pool: one context switch
        // less per request. Safe because nothing on these ports blocks (the forwarder is async throughout; routing,
        // counting and redirects only read memory).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Services.AddLogging(logging =>
        {
            logging.AddProvider(new SharedLoggerProvider(loggerFactory));
            // Hosting's request logger being on (any level) makes ASP.NET Core start an Activity and a log scope
            // for every request. Nothing here records traces, and it logs nothing at Warning or above (Kestrel logs
            // the port's errors).
            logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        });
        return builder;
    }

    /// <summary>Closes the port, giving requests in flight a few seconds to finish.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Sends a port host's logs to the panel's logging.</summary>
    private sealed class SharedLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
