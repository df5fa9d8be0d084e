// Benchmark host for the relay: forwards one TCP (and optionally UDP) port to a target, in the
// foreground, until SIGTERM/SIGINT. The harness starts it as
//   dotnet PortFwd.Relay.Bench.dll --listen 127.0.0.1:{listen} --target 127.0.0.1:{target} [--udp]
// and also accepts the bare form  `{listen} {target}` (ports or host:port).
using System.Net;
using System.Runtime.InteropServices;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;

string? listen = null, target = null;
var udp = false;
var inline = true;
var warmup = true;
var transport = RelayTcpTransport.Automatic;
var eventLoops = 0;
var splice = false;
var udpBatch = true;
var allocCheck = false;
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--listen" when i + 1 < args.Length: listen = args[++i]; break;
        case "--target" when i + 1 < args.Length: target = args[++i]; break;
        case "--udp": udp = true; break;
        case "--no-inline": inline = false; break;
        case "--no-warmup": warmup = false; break;
        case "--tcp-transport" when i + 1 < args.Length: transport = Enum.Parse<RelayTcpTransport>(args[++i], ignoreCase: true); break;
        case "--splice": splice = true; break;
        case "--udp-one-by-one": udpBatch = false; break;
        case "--event-loops" when i + 1 < args.Length: eventLoops = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--alloc-check": allocCheck = true; break;
        case "--help" or "-h":
            Console.WriteLine("usage: PortFwd.Relay.Bench --listen HOST:PORT --target HOST:PORT [--udp] [--tcp-transport automatic|epoll|sockets] [--event-loops N] [--splice] [--udp-one-by-one] [--no-inline] [--no-warmup] | --alloc-check");
            return 0;
        default: positional.Add(args[i]); break;
    }
}

if (allocCheck)
{
    return await PortFwd.Relay.Bench.AllocationCheck.RunAsync(transport, udpBatch);
}

listen ??= positional.ElementAtOrDefault(0);
target ??= positional.ElementAtOrDefault(1);
if (listen is null || target is null)
{
    Console.Error.WriteLine("usage: PortFwd.Relay.Bench --listen HOST:PORT --target HOST:PORT [--udp] [--tcp-transport automatic|epoll|sockets] [--event-loops N] [--splice] [--udp-one-by-one] [--no-inline] [--no-warmup] | --alloc-check");
    return 2;
}

// Run socket continuations on the epoll thread instead of hopping to the thread pool; must be set
// before the first socket is created. --no-inline measures the default.
if (inline && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

if (warmup)
{
    await PortFwd.Relay.Bench.Warmup.RunAsync(transport, udpBatch);
}

var listenEndPoint = ParseEndPoint(listen);
var targetEndPoint = ParseEndPoint(target);
var rule = new RelayRule(
    RuleId: 1,
    Name: "bench",
    Transport: udp ? RelayTransport.TcpAndUdp : RelayTransport.Tcp,
    ListenAddress: listenEndPoint.Address,
    ListenPort: listenEndPoint.Port,
    ListenPortEnd: listenEndPoint.Port,
    TargetHost: targetEndPoint.Address.ToString(),
    TargetPort: targetEndPoint.Port,
    AllowedSources: [],
    Limits: new RelayLimits(MaxTcpConnections: 20_000, MaxUdpSessions: 4096));

await using var engine = new RelayEngine(tcpTransport: transport, eventLoops: eventLoops, splice: splice, udpBatch: udpBatch);
var result = await engine.ApplyAsync(rule, CancellationToken.None);
if (!result.IsSuccess)
{
    Console.Error.WriteLine($"relay: {result.Error.Message}");
    return 1;
}

Console.WriteLine($"relay: {result} -> {targetEndPoint}{(udp ? (engine.UdpBatch ? " (UDP batched)" : " (UDP one datagram per call)") : "")}");
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var trimmer = new PortFwd.Relay.Bench.QuietTrimmer(engine, TimeSpan.FromSeconds(1));
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;

var counters = engine.GetCounters(1);
Console.WriteLine($"relay: stopping; {counters}");
return 0;

static IPEndPoint ParseEndPoint(string text)
{
    if (int.TryParse(text, out var port))
    {
        return new IPEndPoint(IPAddress.Loopback, port);
    }

    return IPEndPoint.Parse(text);
}
