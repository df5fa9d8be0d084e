using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PortFwd.Core.Rules;
using PortFwd.Web.Certificates;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// One external port serving HTTP rules: its own Kestrel listener and YARP proxy, apart from the panel,
/// so nothing of the panel is reachable on it. The routes and certificates change live; the listener stays.
/// An HTTPS port picks each handshake's certificate by SNI (<see cref="SniCertificates"/>).
/// </summary>
internal sealed class HttpPortHost : IAsyncDisposable
{
    /// <summary>The original Host goes to the backend, and X-Forwarded-For/-Proto/-Host (-Proto is https on an HTTPS port).</summary>
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> ProxyTransforms =
    [
        new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" },
        new Dictionary<string, string> { ["X-Forwarded"] = "Set" },
    ];

    /// <summary>As <see cref="ProxyTransforms"/>, and HSTS on every answer (the backend's own header is replaced).</summary>
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> HstsTransforms =
    [
        .. ProxyTransforms,
        new Dictionary<string, string> { ["ResponseHeader"] = "Strict-Transport-Security", ["Set"] = "max-age=31536000", ["When"] = "Always" },
    ];

    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private readonly SniCertificates? _certificates;
    private volatile Dictionary<string, IPNetwork[]> _allowed = [];

    private HttpPortHost(WebApplication app, InMemoryConfigProvider config, IPEndPoint endpoint, SniCertificates? certificates)
    {
        _app = app;
        _config = config;
        EndPoint = endpoint;
        _certificates = certificates;
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<ForwardingRule> Rules { get; private set; } = [];

    /// <summary>Whether the port answers HTTPS (decided when it opens; a port that changes between HTTP and HTTPS is opened again).</summary>
    public bool IsTls => _certificates is not null;

    /// <summary>Starts a listener on the endpoint, or returns why it cannot (port in use, permission).</summary>
    /// <param name="tls">Whether the port answers HTTPS, with each rule's certificate picked by SNI.</param>
    public static async Task<HttpPortStartResult<HttpPortHost>> StartAsync(
        IPEndPoint endpoint, IReadOnlyList<ForwardingRule> rules, bool tls, IReadOnlyDictionary<int, ServedCertificate?> certificates,
        PortHostServices services, CancellationToken ct)
    {
        var certificateMap = tls ? new SniCertificates() : null;
        var builder = PortListenerApp.CreateBuilder(endpoint, services.LoggerFactory, certificateMap is null ? null : listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = certificateMap.HandshakeAsync });
        });
        builder.Services.AddRouting();
        var config = new InMemoryConfigProvider([], []);
        builder.Services.AddSingleton<IProxyConfigProvider>(config);
        builder.Services.AddSingleton<IForwarderHttpClientFactory, UpstreamClientFactory>();
        builder.Services.AddReverseProxy();

        var app = builder.Build();
        var host = new HttpPortHost(app, config, endpoint, certificateMap);
        if (!tls)
        {
            // HTTP-01 challenges come over plain HTTP: one cheap check per request, a lookup only while a challenge is open.
            var answers = services.ChallengeAnswers;
            app.Use((context, next) => answers.TryAnswer(context, out var written) ? written : next(context));
        }

        app.UseRouting();
        app.MapReverseProxy(proxy =>
        {
            // Counting comes first so requests the allow-list refuses are counted too.
            proxy.Use(services.Meter.CountAsync);
            proxy.Use(host.CheckAllowedSourcesAsync);
        });
        app.MapFallback(NoMatchingRuleAsync);
        host.Update(rules, certificates);
        try
        {
            await app.StartAsync(ct);
            return HttpPortStartResult<HttpPortHost>.Ok(host);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or InvalidOperationException)
        {
            await app.DisposeAsync();
            return HttpPortStartResult<HttpPortHost>.Fail(new HttpPortError(DescribeBindFailure(ex, endpoint)));
        }
    }

    /// <summary>
    /// Replaces the routes and, on an HTTPS port, the certificates; requests in flight finish on the old routes, and
    /// open connections keep the certificate they were made with while the next handshake takes the new one.
    /// </summary>
    public void Update(IReadOnlyList<ForwardingRule> rules, IReadOnlyDictionary<int, ServedCertificate?> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
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
                Transforms = IsTls && rule.Hsts ? HstsTransforms : ProxyTransforms,
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
        _certificates?.Update(rules, certificates);
        _config.Update(routes, clusters);
        Rules = rules;
        Certificates = certificates;
    }

    /// <summary>Each rule's certificate as last applied (empty on a plain HTTP port).</summary>
    public IReadOnlyDictionary<int, ServedCertificate?> Certificates { get; private set; } = new Dictionary<int, ServedCertificate?>();

    public ValueTask DisposeAsync() => PortListenerApp.StopAsync(_app);

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
}

/// <summary>Why an HTTP port could not be opened ("port 8080 is already in use by another program").</summary>
internal sealed record HttpPortError(string Message)
{
    public override string ToString() => Message;
}

/// <summary>The outcome of opening a port of a rule: the running listener, or why it is not running.</summary>
internal sealed class HttpPortStartResult<THost>
    where THost : class
{
    private HttpPortStartResult(THost? value, HttpPortError? error) => (Value, Error) = (value, error);

    public THost? Value { get; }

    public HttpPortError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static HttpPortStartResult<THost> Ok(THost host) => new(host ?? throw new ArgumentNullException(nameof(host)), null);

    public static HttpPortStartResult<THost> Fail(HttpPortError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
