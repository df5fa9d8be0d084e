using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>A small HTTP server on 127.0.0.1 for http rules to forward to.</summary>
internal sealed class HttpBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpBackend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A backend that answers every request with what it saw.</summary>
    public static Task<HttpBackend> StartAsync(string name) => StartAsync(context => context.Response.WriteAsJsonAsync(new
    {
        backend = name,
        host = context.Request.Host.Value,
        forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString(),
        path = context.Request.Path.Value,
    }));

    /// <summary>A backend on 127.0.0.1 (port chosen by the OS) that runs <paramref name="handler"/> for every request.</summary>
    public static async Task<HttpBackend> StartAsync(RequestDelegate handler, bool webSockets = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        if (webSockets)
        {
            app.UseWebSockets();
        }

        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HttpBackend(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
