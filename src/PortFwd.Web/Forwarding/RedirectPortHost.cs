using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Extensions;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// A plain HTTP port that sends browsers to HTTPS: every request for a name of an HTTPS rule redirecting here gets a
/// 308 to the same path and query on that rule's HTTPS port. HTTPS rules with the same plain HTTP port share it. ACME
/// HTTP-01 challenges are answered first, from <see cref="Certificates.AcmeChallengeAnswers"/>.
/// </summary>
internal sealed class RedirectPortHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile Targets _targets = new(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase), null);

    private RedirectPortHost(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        EndPoint = endpoint;
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<ForwardingRule> Rules { get; private set; } = [];

    public static async Task<HttpPortStartResult<RedirectPortHost>> StartAsync(
        IPEndPoint endpoint, IReadOnlyList<ForwardingRule> rules, PortHostServices services, CancellationToken ct)
    {
        var app = PortListenerApp.CreateBuilder(endpoint, services.LoggerFactory, null).Build();
        var host = new RedirectPortHost(app, endpoint);
        var answers = services.ChallengeAnswers;
        app.Run(context => answers.TryAnswer(context, out var written) ? written : host.RedirectAsync(context));
        host.Update(rules);
        try
        {
            await app.StartAsync(ct);
            return HttpPortStartResult<RedirectPortHost>.Ok(host);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AddressInUseException or InvalidOperationException)
        {
            await app.DisposeAsync();
            return HttpPortStartResult<RedirectPortHost>.Fail(HttpPortHost.DescribeBindFailure(ex, endpoint));
        }
    }

    /// <summary>Which HTTPS port each name goes to: its rule's; a rule without host names takes every other name.</summary>
    public void Update(IReadOnlyList<ForwardingRule> rules)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int? anyName = null;
        foreach (var rule in rules.OrderBy(r => r.Id))
        {
            if (rule.HostNames.Count == 0)
            {
                anyName ??= rule.ExternalPort;
            }

            foreach (var name in rule.HostNames)
            {
                names.TryAdd(name, rule.ExternalPort);
            }
        }

        _targets = new Targets(names, anyName);
        Rules = rules;
    }

    public ValueTask DisposeAsync() => PortListenerApp.StopAsync(_app);

    private Task RedirectAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Host.HasValue)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("400 Bad Request: the request names no host, so there is no HTTPS address to send it to.\n");
        }

        if (_targets.PortFor(request.Host.Host) is not { } port)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("404 Not Found: no HTTPS rule answers this host name.\n");
        }

        var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
        return Task.CompletedTask;
    }

    private sealed record Targets(Dictionary<string, int> Names, int? AnyName)
    {
        public int? PortFor(string host)
        {
            var name = host.TrimEnd('.');
            if (Names.TryGetValue(name, out var port))
            {
                return port;
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && Names.TryGetValue(string.Concat("*", name.AsSpan(dot)), out var wildcard) ? wildcard : AnyName;
        }
    }
}
