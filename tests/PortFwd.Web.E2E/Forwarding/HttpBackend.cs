using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>A small HTTP server on 127.0.0.1 that answers with what it saw: its name, Host, X-Forwarded-For, path.</summary>
internal sealed class HttpBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpBackend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<HttpBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsJsonAsync(new
        {
            backend = name,
            host = context.Request.Host.Value,
            forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString(),
            path = context.Request.Path.Value,
        }));
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
