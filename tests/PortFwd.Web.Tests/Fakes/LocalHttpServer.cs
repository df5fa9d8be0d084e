using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortFwd.Web.Tests.Fakes;

/// <summary>One request a <see cref="LocalHttpServer"/> received, as it came.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A stand-in for a service on the internet (an echo service, a DNS provider), on 127.0.0.1 with a port the OS picks.
/// It records every request and answers with the handler the test gives.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private LocalHttpServer(WebApplication app) => _app = app;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>A server that answers every request with <paramref name="status"/> and <paramref name="body"/> (text/plain).</summary>
    public static Task<LocalHttpServer> StartAsync(string body, int status = StatusCodes.Status200OK) => StartAsync(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(body);
    });

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server._received.Enqueue(new ReceivedRequest(context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}", headers, body));
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
