using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using PortFwd.Core.Rules;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// One external port serving HTTP rules: its own Kestrel listener and YARP proxy, apart from the panel,
/// so nothing of the panel is reachable on it. The routes change live; the listener stays.
/// </summary>
internal sealed class HttpPortHost : IAsyncDisposable
{
    // Every rule's upstream request is HTTP/1.1 to a plain http:// service: no version negotiation per request.
    private static readonly ForwarderRequestConfig UpstreamRequest = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly WebApplication _app;
    private readonly HttpTrafficMeter _meter;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _upstream;
    private readonly HttpTransformer _transformer;
    private volatile HttpRouteTable _routes = HttpRouteTable.Empty;

    private HttpPortHost(WebApplication app, HttpTrafficMeter meter, IPEndPoint endpoint)
    {
        _app = app;
        _meter = meter;
        EndPoint = endpoint;
        _forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        _transformer = app.Services.GetRequiredService<ITransformBuilder>().Create(transforms =>
        {
            // The service sees the name the client asked for, and who asked (X-Forwarded-For/-Proto/-Host).
            transforms.AddOriginalHost(useOriginal: true);
            transforms.AddXForwarded(ForwardedTransformActions.Set);
        });
        _upstream = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // No trace-header propagator: with one, every upstream request runs through an extra diagnostics
            // handler that starts an Activity. Trace headers a client sends still pass through unchanged.
            ActivityHeadersPropagator = null,
        });
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
        // The request runs on the thread that read it instead of being handed to the thread pool: one context
        // switch less per request. Safe here because nothing on this port blocks (the forwarder is async
        // throughout, routing and counting only read memory).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Services.AddLogging(logging =>
        {
            logging.AddProvider(new SharedLoggerProvider(loggerFactory));
            // Hosting's request logger being on (any level) makes ASP.NET Core start an Activity and a log scope
            // for every request. Nothing here records traces, and it logs nothing at Warning or above (Kestrel
            // logs the port's errors).
            logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        });
        // Only YARP's forwarder and transforms: the rules table routes (HttpRouteTable), so no endpoint routing,
        // proxy pipeline or per-route configuration runs per request.
        builder.Services.AddHttpForwarder();

        var app = builder.Build();
        var host = new HttpPortHost(app, meter, endpoint);
        app.Run(host.HandleAsync);
        host.Update(rules);
        try
        {
            await app.StartAsync(ct);
            return HttpPortStartResult.Ok(host);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or InvalidOperationException)
        {
            await host.DisposeAsync();
            return HttpPortStartResult.Fail(new HttpPortError(DescribeBindFailure(ex, endpoint)));
        }
    }

    /// <summary>Replaces the routes; requests in flight finish on the old ones.</summary>
    public void Update(IReadOnlyList<ForwardingRule> rules)
    {
        _routes = new HttpRouteTable(rules.Select(rule => new HttpRoute(rule, _meter.For(rule.Id))));
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
            _upstream.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (_routes.Find(context.Request.Host.Host, context.Request.Path) is not { } route)
        {
            await NoMatchingRuleAsync(context);
            return;
        }

        // Counting comes first so requests the allow-list refuses are counted too.
        var count = HttpTrafficMeter.Start(context, route.Counters);
        var forwarded = false;
        var error = ForwarderError.None;
        try
        {
            if (route.Allows(context.Connection.RemoteIpAddress))
            {
                forwarded = true;
                error = await _forwarder.SendAsync(context, route.Destination, _upstream, UpstreamRequest, _transformer);
            }
            else
            {
                await RefuseAsync(context);
            }
        }
        finally
        {
            count.Complete(forwarded, upstreamFailed: error != ForwarderError.None);
        }
    }

    private static Task RefuseAsync(HttpContext context)
    {
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
