using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PortFwd.Core.Rules;
using PortFwd.Web.Certificates;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// One external port serving HTTP rules: its own Kestrel listener and YARP forwarder, apart from the panel,
/// so nothing of the panel is reachable on it. The rules (<see cref="HttpRouteTable"/>) and certificates change
/// live; the listener stays. An HTTPS port picks each handshake's certificate by SNI (<see cref="SniCertificates"/>).
/// </summary>
internal sealed class HttpPortHost : IAsyncDisposable
{
    // Every rule's upstream request is HTTP/1.1 to a plain http:// service: no version negotiation per request.
    internal static readonly ForwarderRequestConfig UpstreamRequest = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly WebApplication _app;
    private readonly HttpTrafficMeter _meter;
    private readonly SniCertificates? _certificates;
    private readonly AcmeChallengeAnswers? _challengeAnswers;
    private readonly Blocklist.BlockedAddresses? _blocked;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _upstream;
    private readonly HttpTransformer _transformer;
    private readonly HttpTransformer _hstsTransformer;
    private volatile HttpRouteTable _routes = HttpRouteTable.Empty;

    private HttpPortHost(WebApplication app, IPEndPoint endpoint, PortHostServices services, SniCertificates? certificates)
    {
        _app = app;
        _meter = services.Meter;
        _blocked = services.Blocked;
        EndPoint = endpoint;
        _certificates = certificates;
        // HTTP-01 challenges come over plain HTTP only.
        _challengeAnswers = certificates is null ? services.ChallengeAnswers : null;
        _forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var transforms = app.Services.GetRequiredService<ITransformBuilder>();
        _transformer = transforms.Create(AddForwardingHeaders);
        // HSTS on every answer of the rules that ask (the service's own header is replaced).
        _hstsTransformer = transforms.Create(context =>
        {
            AddForwardingHeaders(context);
            context.AddResponseHeader("Strict-Transport-Security", "max-age=31536000", append: false, ResponseCondition.Always);
        });
        _upstream = CreateUpstream();
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<ForwardingRule> Rules { get; private set; } = [];

    /// <summary>Each rule's certificate as last applied (empty on a plain HTTP port).</summary>
    public IReadOnlyDictionary<int, ServedCertificate?> Certificates { get; private set; } = new Dictionary<int, ServedCertificate?>();

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
        // Only YARP's forwarder and transforms: the rules table routes, so no endpoint routing, proxy pipeline or
        // per-route configuration runs per request.
        builder.Services.AddHttpForwarder();

        var app = builder.Build();
        var host = new HttpPortHost(app, endpoint, services, certificateMap);
        app.Run(host.HandleAsync);
        host.Update(rules, certificates);
        try
        {
            await app.StartAsync(ct);
            return HttpPortStartResult<HttpPortHost>.Ok(host);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or InvalidOperationException)
        {
            await host.DisposeAsync();
            return HttpPortStartResult<HttpPortHost>.Fail(DescribeBindFailure(ex, endpoint));
        }
    }

    /// <summary>
    /// Replaces the rules and, on an HTTPS port, the certificates; requests in flight finish on the old rules, and
    /// open connections keep the certificate they were made with while the next handshake takes the new one.
    /// </summary>
    public void Update(IReadOnlyList<ForwardingRule> rules, IReadOnlyDictionary<int, ServedCertificate?> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        _routes = new HttpRouteTable(rules.Select(rule => new HttpRoute(rule, _meter.For(rule.Id))));
        _certificates?.Update(rules, certificates);
        Rules = rules;
        Certificates = certificates;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PortListenerApp.StopAsync(_app);
        }
        finally
        {
            _upstream.Dispose();
        }
    }

    /// <summary>The client a port's rules reach their services with (one per port, its own connection pool).</summary>
    internal static HttpMessageInvoker CreateUpstream() => new(new SocketsHttpHandler
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

    internal static void AddForwardingHeaders(TransformBuilderContext context)
    {
        // The service sees the name the client asked for, and who asked: X-Forwarded-For/-Proto/-Host
        // (-Proto is https on an HTTPS port).
        context.AddOriginalHost(useOriginal: true);
        context.AddXForwarded(ForwardedTransformActions.Set);
    }

    private async Task HandleAsync(HttpContext context)
    {
        // One cheap check per request; a lookup only while a challenge is open.
        if (_challengeAnswers is not null && _challengeAnswers.TryAnswer(context, out var answered))
        {
            await answered;
            return;
        }

        if (_routes.Find(context.Request.Host.Host, context.Request.Path) is not { } route)
        {
            await NoMatchingRuleAsync(context);
            return;
        }

        // Counting comes first so requests the blocklist or the allow-list refuses are counted too.
        var count = HttpTrafficMeter.Start(context, route.Counters);
        var forwarded = false;
        var error = ForwarderError.None;
        try
        {
            if (IsBlocked(context.Connection.RemoteIpAddress))
            {
                await RefuseBlockedAsync(context);
            }
            else if (route.Allows(context.Connection.RemoteIpAddress))
            {
                forwarded = true;
                var transformer = _certificates is not null && route.Rule.Hsts ? _hstsTransformer : _transformer;
                error = await _forwarder.SendAsync(context, route.Destination, _upstream, UpstreamRequest, transformer);
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

    private bool IsBlocked(IPAddress? remote) =>
        remote is not null && _blocked?.Current is { IsEmpty: false } blocklist && blocklist.Blocks(remote);

    /// <summary>The one place an HTTP rule refuses a blocked client: 403, before the rule's allow-list is looked at.</summary>
    private static Task RefuseBlockedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("403 Forbidden: your address is blocked.\n");
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

    internal static HttpPortError DescribeBindFailure(Exception ex, IPEndPoint endpoint)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AddressInUseException:
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return new($"port {endpoint.Port} is already in use by another program") { Code = "PortInUse", Arguments = [endpoint.Port, ""] };
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return new($"permission denied for port {endpoint.Port} (run with CAP_NET_BIND_SERVICE or use a port above 1023)")
                    {
                        Code = "PermissionDenied", Arguments = [endpoint.Port],
                    };
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return new($"address {endpoint.Address} not available on this machine") { Code = "AddressNotAvailable", Arguments = [endpoint.Address.ToString()] };
            }
        }

        return new($"cannot listen on port {endpoint.Port}: {ex.Message}") { Code = "CannotListen", Arguments = [endpoint.Port, "", ex.Message] };
    }
}

/// <summary>Why an HTTP port could not be opened ("port 8080 is already in use by another program").</summary>
/// <remarks><see cref="Code"/> and <see cref="Arguments"/> name the sentence as the relay's errors do, for the panel's languages.</remarks>
internal sealed record HttpPortError(string Message)
{
    public string Code { get; init; } = "";

    public IReadOnlyList<object> Arguments { get; init; } = [];

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
