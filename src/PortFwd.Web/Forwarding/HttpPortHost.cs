using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using PortFwd.Core.Rules;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// One external port serving HTTP rules: its own Kestrel listener and YARP proxy, apart from the panel,
/// so nothing of the panel is reachable on it. The routes change live; the listener stays.
/// </summary>
internal sealed class HttpPortHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private volatile Dictionary<string, IPNetwork[]> _allowed = [];

    private HttpPortHost(WebApplication app, InMemoryConfigProvider config, IPEndPoint endpoint)
    {
        _app = app;
        _config = config;
        EndPoint = endpoint;
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<ForwardingRule> Rules { get; private set; } = [];

    /// <summary>Starts a listener on the endpoint, or returns why it cannot (port in use, permission).</summary>
    public static async Task<HttpPortStartResult> StartAsync(
        IPEndPoint endpoint, IReadOnlyList<ForwardingRule> rules, ILoggerFactory loggerFactory, HttpTrafficMeter meter, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(HttpPortHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                o.ListenAnyIP(endpoint.Port);
            }
            else
            {
                o.Listen(endpoint);
            }
        });
        builder.Services.AddLogging(logging =>
        {
            logging.AddProvider(new SharedLoggerProvider(loggerFactory));
            // Hosting's request logger being on (any level) makes ASP.NET Core start an Activity and a log scope
            // for every request, and the forwarder then adds trace headers to every upstream request. Nothing here
            // records traces, and it logs nothing at Warning or above (Kestrel logs the port's errors).
            logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        });
        builder.Services.AddRouting();
        var config = new InMemoryConfigProvider([], []);
        builder.Services.AddSingleton<IProxyConfigProvider>(config);
        builder.Services.AddSingleton<IForwarderHttpClientFactory, UpstreamClientFactory>();
        builder.Services.AddReverseProxy();

        var app = builder.Build();
        var host = new HttpPortHost(app, config, endpoint);
        app.UseRouting();
        app.MapReverseProxy(proxy =>
        {
            // Counting comes first so requests the allow-list refuses are counted too.
            proxy.Use(meter.CountAsync);
            proxy.Use(host.CheckAllowedSourcesAsync);
        });
        app.MapFallback(NoMatchingRuleAsync);
        host.Update(rules);
        try
        {
            await app.StartAsync(ct);
            return HttpPortStartResult.Ok(host);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or InvalidOperationException)
        {
            await app.DisposeAsync();
            return HttpPortStartResult.Fail(new HttpPortError(DescribeBindFailure(ex, endpoint)));
        }
    }

    /// <summary>Replaces the routes; requests in flight finish on the old ones.</summary>
    public void Update(IReadOnlyList<ForwardingRule> rules)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        var allowed = new Dictionary<string, IPNetwork[]>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var id = RouteId(rule.Id);
            var prefix = rule.PathPrefix;
            routes.Add(new RouteConfig
            {
                RouteId = id,
                ClusterId = id,
                // Rules naming hosts win over a catch-all rule on the same port.
                Order = rule.HostNames.Count > 0 ? 0 : 1,
                Match = new RouteMatch
                {
                    Hosts = rule.HostNames.Count > 0 ? rule.HostNames : null,
                    Path = prefix is null ? "/{**catch-all}" : prefix + "/{**catch-all}",
                },
                Transforms =
                [
                    new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" },
                    new Dictionary<string, string> { ["X-Forwarded"] = "Set" },
                ],
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = id,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    ["target"] = new() { Address = $"http://{rule.InternalHostForPort}:{rule.InternalPort}/" },
                },
            });
            if (rule.AllowedSources.Count > 0)
            {
                allowed[id] = [.. rule.AllowedSources.Select(IPNetwork.Parse)];
            }
        }

        _allowed = allowed;
        _config.Update(routes, clusters);
        Rules = rules;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static string RouteId(int ruleId) => "rule-" + ruleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task CheckAllowedSourcesAsync(HttpContext context, Func<Task> next)
    {
        // Not async: a rule without an allow-list (the usual case) passes straight on, with no state machine per request.
        var route = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (!_allowed.TryGetValue(route, out var networks))
        {
            return next();
        }

        var remote = context.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }

        if (remote is not null && networks.Any(n => n.Contains(remote)))
        {
            return next();
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("403 Forbidden: your address is not allowed by this forwarding rule.\n");
    }

    private static Task NoMatchingRuleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>" +
            "<p>No forwarding rule on this port matches this host name and path.</p></body></html>\n");
    }

    internal static string DescribeBindFailure(Exception ex, IPEndPoint endpoint)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AddressInUseException:
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return $"port {endpoint.Port} is already in use by another program";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return $"permission denied for port {endpoint.Port} (run with CAP_NET_BIND_SERVICE or use a port above 1023)";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return $"address {endpoint.Address} not available on this machine";
            }
        }

        return $"cannot listen on port {endpoint.Port}: {ex.Message}";
    }

    /// <summary>
    /// YARP's client to the internal services, without the trace-header propagator: with it, every upstream
    /// request runs through an extra diagnostics handler that starts an Activity. Trace headers a client sends
    /// still pass through unchanged, like any other header.
    /// </summary>
    private sealed class UpstreamClientFactory : ForwarderHttpClientFactory
    {
        protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
        {
            base.ConfigureHandler(context, handler);
            handler.ActivityHeadersPropagator = null;
        }
    }

    /// <summary>Sends the port host's logs to the panel's logging.</summary>
    private sealed class SharedLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

/// <summary>Why an HTTP port could not be opened ("port 8080 is already in use by another program").</summary>
internal sealed record HttpPortError(string Message)
{
    public override string ToString() => Message;
}

/// <summary>The outcome of opening an HTTP port: the running listener, or why it is not running.</summary>
internal sealed class HttpPortStartResult
{
    private HttpPortStartResult(HttpPortHost? value, HttpPortError? error) => (Value, Error) = (value, error);

    public HttpPortHost? Value { get; }

    public HttpPortError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static HttpPortStartResult Ok(HttpPortHost host) => new(host ?? throw new ArgumentNullException(nameof(host)), null);

    public static HttpPortStartResult Fail(HttpPortError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
