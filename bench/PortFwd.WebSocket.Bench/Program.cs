// WebSocket echo through a proxy, for bench/websocket/run.sh. Two modes:
//
//   server --port P [--exit-after SECS]
//       a Kestrel WebSocket echo backend on 127.0.0.1:P: ws://127.0.0.1:P/echo sends every message back as
//       it came; GET /index.html answers 200 so scripts can tell it (or a proxy in front of it) is up.
//   client --url ws://127.0.0.1:P/echo [--connections 64] [--size 64] [--secs 8] [--warmup 2] [--cpu-pid PID]
//       opens the connections, each sends a message and waits for its echo in a loop, and prints one JSON
//       line: messages/s, p50/p99 round trip in µs, errors, payload bytes echoed (each way), and the CPU
//       seconds PID (and its children) used over the measured window. Exit code 1 when any error or no echo.
//
// Loopback only: both modes refuse any other address. Every run is bounded in time and in count.
using PortFwd.WebSocket.Bench;

if (args.Length == 0 || args[0] is not ("server" or "client"))
{
    Console.Error.WriteLine("usage: server --port P [--exit-after SECS] | client --url ws://127.0.0.1:P/echo [--connections N] [--size BYTES] [--secs S] [--warmup S] [--cpu-pid PID]");
    return 2;
}

var server = args[0] == "server";
var options = BenchOptions.Parse(server, args.AsSpan(1));
if (!options.IsSuccess)
{
    Console.Error.WriteLine(options.Error.Message);
    return 2;
}

return server
    ? await EchoServer.RunAsync(options.Value, CancellationToken.None)
    : await EchoClient.RunAsync(options.Value, CancellationToken.None);
