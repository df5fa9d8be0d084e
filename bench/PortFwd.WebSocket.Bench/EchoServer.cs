using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PortFwd.WebSocket.Bench;

/// <summary>
/// The backend behind every proxy: a Kestrel WebSocket echo on 127.0.0.1. Each received frame goes back as
/// it came (same type, same bytes, same end-of-message flag), so a message comes back as it was sent.
/// </summary>
internal static class EchoServer
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        // No keep-alive pings: the only frames on the wire are the ones measured.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/echo", EchoAsync);
        // Scripts (and bench/http/portfwd-http-rule.sh) wait for this to answer 200 before measuring.
        app.MapGet("/index.html", () => "websocket echo backend\n");

        // Bounded: a backend a script forgot to stop exits by itself. SIGTERM stops it too (the host's console lifetime).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(options.ExitAfter);
        app.Lifetime.ApplicationStarted.Register(() => Console.Error.WriteLine($"websocket echo on ws://127.0.0.1:{options.Port}/echo"));
        // The host's own RunAsync(token): WebApplication.RunAsync takes a URL instead.
        try
        {
            await ((IHost)app).RunAsync(stop.Token);
            return 0;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"websocket echo: {e.Message}");
            return 1;
        }
    }

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var ct = context.RequestAborted;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close handshake; nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
