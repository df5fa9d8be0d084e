using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortFwd.Acme.Tests.Support;

/// <summary>
/// A real HTTP-01 responder: Kestrel on 127.0.0.1:port answering <c>/.well-known/acme-challenge/{token}</c> with
/// the published key authorization (what the panel's port-80 listener does), and counting the CA's fetches.
/// </summary>
public sealed class ChallengeResponder : IHttpChallengeResponder, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _answers = new();
    private readonly WebApplication _app;
    private int _fetches;

    private ChallengeResponder(WebApplication app) => _app = app;

    /// <summary>Alters each key authorization before serving it (null: served as given).</summary>
    public Func<string, string>? Tamper { get; init; }

    /// <summary>How many challenge GETs were answered with a published key authorization.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>Tokens published and not removed yet.</summary>
    public ICollection<string> Published => _answers.Keys;

    public static async Task<ChallengeResponder> StartAsync(int port, CancellationToken ct, Func<string, string>? tamper = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var responder = new ChallengeResponder(app) { Tamper = tamper };
        app.MapGet("/.well-known/acme-challenge/{token}", (string token) =>
        {
            if (!responder._answers.TryGetValue(token, out var answer))
            {
                return Results.NotFound();
            }

            Interlocked.Increment(ref responder._fetches);
            return Results.Text(answer, "application/octet-stream");
        });
        await app.StartAsync(ct);
        return responder;
    }

    public Task PublishAsync(string token, string keyAuthorization, CancellationToken ct)
    {
        _answers[token] = Tamper is null ? keyAuthorization : Tamper(keyAuthorization);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string token, CancellationToken ct)
    {
        _answers.TryRemove(token, out _);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>A responder that publishes nowhere: nothing listens on the challenge port, as when port 80 is unreachable.</summary>
public sealed class AbsentResponder : IHttpChallengeResponder
{
    public Task PublishAsync(string token, string keyAuthorization, CancellationToken ct) => Task.CompletedTask;

    public Task RemoveAsync(string token, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A responder that cannot publish, as when the panel's port-80 listener could not start.</summary>
public sealed class BrokenResponder : IHttpChallengeResponder
{
    public Task PublishAsync(string token, string keyAuthorization, CancellationToken ct) =>
        throw new IOException("port 80 is in use by another program");

    public Task RemoveAsync(string token, CancellationToken ct) => Task.CompletedTask;
}
