// The panel with many ports and many rules: a 10,000-port UDP range and a 1,000-port TCP range (save to all ports
// listening, memory and descriptors, delete to all ports closed, what a stalled relay's UDP ports can hold), and
// 1,000 single-port TCP rules (reconciler pass, save to open port, GET /api/rules, the Port Forwarding and Status
// pages in Chromium); and the idle panel's footprint (Footprint.cs).
//
//   dotnet build -c Release bench/PortFwd.Scale.Bench
//   dotnet bench/PortFwd.Scale.Bench/bin/Release/net10.0/PortFwd.Scale.Bench.dll [--part ranges|rules|all] [--rounds 3]
//   dotnet bench/PortFwd.Scale.Bench/bin/Release/net10.0/PortFwd.Scale.Bench.dll --part footprint [--rounds 3]
//       [--cases fresh,rules50,page,browser,rules500] [--settle 20] [--window 60] [--app PUBLISH_DIR]
//       [--variants 'default;workstation:DOTNET_gcServer=0,DOTNET_gcConcurrent=0'] [--smaps 30]
//   A folder (--app, or app=DIR in a variant) that holds bench/PortFwd.StackFloor's publish runs the stack's floor instead
//   of the panel, e.g. --variants "floor:app=/tmp/floor;panel:app=/tmp/panel" for alternating rounds of the two.
//
// Loopback only (UDP 10000-19999, TCP 20000-21999 and 32000-32001 on 127.0.0.1, checked free first); every loop bounded; the panel it
// starts is killed at the end.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using PortFwd.Scale.Bench;

var part = Arg("--part") ?? "all";
var rounds = Math.Clamp(int.Parse(Arg("--rounds") ?? "3", CultureInfo.InvariantCulture), 1, 20);
if (part == "footprint")
{
    // "name:NAME=VALUE,NAME=VALUE;..." — each variant's extra environment for the panel; "default" adds none.
    var variants = (Arg("--variants") ?? "default").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(v => v.Split(':', 2))
        .Select(v => (v[0], v.Length < 2 ? [] : v[1].Split(',').Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1])))
        .ToList();
    var cases = (Arg("--cases") ?? "fresh,rules50,browser,rules500").Split(',').ToHashSet();
    await Footprint.RunAsync(rounds, variants, cases, TimeSpan.FromSeconds(double.Parse(Arg("--settle") ?? "20", CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(Arg("--window") ?? "60", CultureInfo.InvariantCulture)), Arg("--app"),
        int.Parse(Arg("--smaps") ?? "0", CultureInfo.InvariantCulture));
    return 0;
}


const int UdpFirst = 10000, UdpLast = 19999, TcpFirst = 20000, TcpLast = 20999, RulesFirst = 21000, RuleCount = 1000;
const int RangeTargets = 22000, RuleTarget = 32000, ExtraRulePort = 32001;
var limit = TimeSpan.FromSeconds(120);

Ports.EnsureFree(Enumerable.Range(UdpFirst, UdpLast - UdpFirst + 1), ProtocolType.Udp);
Ports.EnsureFree(Enumerable.Range(TcpFirst, TcpLast - TcpFirst + 1).Concat(Enumerable.Range(RulesFirst, RuleCount)).Concat([RuleTarget, ExtraRulePort]), ProtocolType.Tcp);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; "
    + $"rmem_max {Sysctl("net/core/rmem_max")}, wmem_max {Sysctl("net/core/wmem_max")}, rmem_default {Sysctl("net/core/rmem_default")}, udp_mem {Sysctl("net/ipv4/udp_mem")}");

await using var panel = await Panel.StartAsync();
Console.WriteLine($"panel pid {panel.Pid} at {panel.BaseUrl}");
var idle = panel.Usage();
Console.WriteLine($"idle panel: RSS {idle.RssMiB:F1} MiB, {idle.Descriptors} descriptors");

if (part is "ranges" or "all")
{
    await RangesAsync();
}

if (part is "rules" or "all")
{
    await RulesAsync();
}

return 0;

async Task RangesAsync()
{
    var results = new Dictionary<string, List<double>>();
    void Add(string what, double value) => (results.TryGetValue(what, out var list) ? list : results[what] = []).Add(value);

    for (var round = 1; round <= rounds; round++)
    {
        foreach (var udp in new[] { true, false })
        {
            var (name, first, last) = udp ? ("udp 10000", UdpFirst, UdpLast) : ("tcp 1000", TcpFirst, TcpLast);
            var ports = Enumerable.Range(first, last - first + 1).ToHashSet();
            Func<HashSet<int>, Task> bound = udp ? l => { Ports.UdpPass(l, bound: true); return Task.CompletedTask; } : l => Ports.TcpPassAsync(l, accepting: true);
            Func<HashSet<int>, Task> closed = udp ? l => { Ports.UdpPass(l, bound: false); return Task.CompletedTask; } : l => Ports.TcpPassAsync(l, accepting: false);
            var before = panel.Usage();
            var memBefore = UdpKernelPages();
            panel.TakePasses();

            var watch = Stopwatch.StartNew();
            var id = await panel.CreateRuleAsync(new
            {
                name = $"range {name}", protocol = udp ? "udp" : "tcp", externalPort = first, externalPortEnd = last,
                internalHost = "127.0.0.1", internalPort = RangeTargets,
            });
            var saved = watch.Elapsed.TotalMilliseconds;
            var listening = await Ports.UntilAllAsync(ports, bound, watch, limit);
            while (await panel.StateAsync(id) != "active" && watch.Elapsed < limit)
            {
                await Task.Delay(2);
            }

            var active = watch.Elapsed.TotalMilliseconds;
            var during = panel.Usage();
            var memDuring = UdpKernelPages();
            var passes = panel.TakePasses();
            var buffers = udp ? SocketBuffers(first) : "";
            if (udp && round == 1)
            {
                await StalledRelayAsync(first);
            }

            watch.Restart();
            await panel.DeleteRuleAsync(id);
            ports = Enumerable.Range(first, last - first + 1).ToHashSet();
            var gone = await Ports.UntilAllAsync(ports, closed, watch, limit);
            var after = panel.Usage();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round} {name}: saved {saved:F0} ms, all listening {listening:F0} ms, status active {active:F0} ms, all closed {gone:F0} ms; "
                + $"RSS {before.RssMiB:F1} -> {during.RssMiB:F1} -> {after.RssMiB:F1} MiB, descriptors {before.Descriptors} -> {during.Descriptors} -> {after.Descriptors}; "
                + $"UDP kernel memory {memBefore} -> {memDuring} pages; passes [{string.Join(", ", passes.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))}] ms {buffers}"));
            Add($"{name}: save -> all ports listening, ms", listening);
            Add($"{name}: save -> status active, ms", active);
            Add($"{name}: delete -> all ports closed, ms", gone);
            Add($"{name}: RSS added, MiB", during.RssMiB - before.RssMiB);
            Add($"{name}: descriptors added", during.Descriptors - before.Descriptors);
            Add($"{name}: RSS kept after delete, MiB", after.RssMiB - before.RssMiB);
            Add($"{name}: longest reconciler pass, ms", passes.DefaultIfEmpty(double.NaN).Max());
        }
    }

    Summary(results);
}

// The relay stopped (SIGSTOP) while 100 ports of the range are flooded with 1400-byte datagrams: what the kernel
// holds for them, i.e. what one port's receive buffer can cost when its reader is busy.
async Task StalledRelayAsync(int first)
{
    const int Flooded = 100, PerPort = 8000;
    var memBefore = UdpKernelPages();
    panel.Signal("STOP");
    try
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var payload = new byte[1400];
        for (var port = first; port < first + Flooded; port++)
        {
            var to = new IPEndPoint(IPAddress.Loopback, port);
            for (var i = 0; i < PerPort; i++)
            {
                sender.SendTo(payload, to);
            }
        }

        var queued = QueuedBytes(first, first + Flooded - 1);
        var memFlooded = UdpKernelPages();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stalled relay, {Flooded} ports each sent {PerPort} x 1400 B: queued {queued / 1024.0 / 1024:F1} MiB in all, {queued / Flooded / 1024.0:F0} KiB per port; "
            + $"UDP kernel memory {memBefore} -> {memFlooded} pages ({(memFlooded - memBefore) * 4096.0 / 1024 / 1024:F1} MiB); "
            + $"10,000 ports would hold {queued / Flooded * 10000 / 1024.0 / 1024 / 1024:F2} GiB (the kernel's udp_mem caps all UDP at {long.Parse(Sysctl("net/ipv4/udp_mem").Split('\t', ' ')[^1], CultureInfo.InvariantCulture) * 4096 / 1024 / 1024} MiB)"));
    }
    finally
    {
        panel.Signal("CONT");
    }

    await Task.Delay(TimeSpan.FromSeconds(1));
}

async Task RulesAsync()
{
    using var target = new TcpListener(IPAddress.Loopback, RuleTarget);
    target.Start(1024);
    using var stop = new CancellationTokenSource();
    var accepting = AcceptAndCloseAsync(target, stop.Token);

    var before = panel.Usage();
    var watch = Stopwatch.StartNew();
    var saves = new List<double>();
    var ids = new List<int>();
    for (var i = 0; i < RuleCount; i++)
    {
        var one = Stopwatch.StartNew();
        ids.Add(await panel.CreateRuleAsync(new { name = $"scale {i:D4}", protocol = "tcp", externalPort = RulesFirst + i, internalHost = "127.0.0.1", internalPort = RuleTarget }));
        saves.Add(one.Elapsed.TotalMilliseconds);
    }

    var created = watch.Elapsed.TotalMilliseconds;
    var listening = await Ports.UntilAllAsync(Enumerable.Range(RulesFirst, RuleCount).ToHashSet(), l => Ports.TcpPassAsync(l, accepting: true), watch, limit);
    var with = panel.Usage();
    var createPasses = panel.TakePasses();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"1000 rules: saved one by one in {created:F0} ms (POST {Stats(saves)}), all listening {listening:F0} ms; RSS {before.RssMiB:F1} -> {with.RssMiB:F1} MiB, descriptors {before.Descriptors} -> {with.Descriptors}; "
        + $"passes while saving: first {createPasses.FirstOrDefault():F1} ms, last {createPasses.LastOrDefault():F1} ms, {createPasses.Count} passes"));

    // A save that changes nothing the relay runs (the same fields again) wakes one pass over all 1,000 rules.
    var noop = new List<double>();
    var rule = await panel.Http.GetFromJsonAsync<JsonElement>($"/api/rules/{ids[500]}");
    for (var i = 0; i < 20; i++)
    {
        panel.TakePasses();
        using var put = await panel.Http.PutAsJsonAsync($"/api/rules/{ids[500]}", new { name = rule.GetProperty("name").GetString(), protocol = "tcp", externalPort = RulesFirst + 500, internalHost = "127.0.0.1", internalPort = RuleTarget });
        put.EnsureSuccessStatusCode();
        var deadline = Stopwatch.StartNew();
        List<double> passes;
        while ((passes = panel.TakePasses()).Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(1);
        }

        noop.AddRange(passes);
    }

    Console.WriteLine($"reconciler pass over 1000 rules (no-op save): {Stats(noop)}");

    // Save -> port accepting and delete -> port refusing with 1,000 rules saved (bench/PortFwd.Apply.Bench does it with none).
    var open = new List<double>();
    var close = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        var one = Stopwatch.StartNew();
        var id = await panel.CreateRuleAsync(new { name = "extra", protocol = "tcp", externalPort = ExtraRulePort, internalHost = "127.0.0.1", internalPort = RuleTarget });
        var opened = await Ports.UntilAllAsync([ExtraRulePort], l => Ports.TcpPassAsync(l, accepting: true), one, limit);
        one.Restart();
        await panel.DeleteRuleAsync(id);
        var closed = await Ports.UntilAllAsync([ExtraRulePort], l => Ports.TcpPassAsync(l, accepting: false), one, limit);
        if (i >= 5)
        {
            open.Add(opened);
            close.Add(closed);
        }
    }

    Console.WriteLine($"with 1000 rules saved, save -> port accepting: {Stats(open)}; delete -> port refusing: {Stats(close)}");

    var lists = new List<double>();
    var bytes = 0L;
    for (var i = 0; i < 25; i++)
    {
        var one = Stopwatch.StartNew();
        var body = await panel.Http.GetByteArrayAsync(new Uri("/api/rules", UriKind.Relative));
        if (i >= 5)
        {
            lists.Add(one.Elapsed.TotalMilliseconds);
        }

        bytes = body.Length;
    }

    Console.WriteLine($"GET /api/rules with 1000 rules ({bytes / 1024} KiB): {Stats(lists)}");

    await using (var pages = await Pages.SignInAsync(panel.BaseUrl))
    {
        const string Rows = "#rules-table tbody tr.mud-table-row";
        await pages.LoadAsync("/port-forwarding", Rows, -1);
        // The paged table (issue 12) has a search box and shows 25 rows a page; before, every rule was a row.
        var paged = await pages.HasAsync("#rule-search");
        var shown = int.Parse(Arg("--rows-shown") ?? (paged ? "25" : "1000"), CultureInfo.InvariantCulture);
        List<double> first = [], live = [], all = [], filter = [];
        for (var i = 0; i < 6; i++)
        {
            var (f, l, a) = await pages.LoadAsync("/port-forwarding", Rows, shown);
            if (i > 0)
            {
                first.Add(f);
                live.Add(l);
                all.Add(a);
            }

            if (await pages.HasAsync("#rule-search"))
            {
                filter.Add(await pages.FilterAsync("#rule-search", "scale 0777", Rows, 1));
            }
        }

        Console.WriteLine($"Port Forwarding page, 1000 rules, {shown} rows shown: first row {Stats(first)}; live {Stats(live)}; all rows live {Stats(all)}");
        Console.WriteLine(filter.Count > 0 ? $"  search 'scale 0777' -> 1 row: {Stats(filter)}" : "  no search box");
        var afterPage = panel.Usage();
        Console.WriteLine($"  panel RSS with the page open: {afterPage.RssMiB:F1} MiB");

        const string StatusRows = "#dashboard-rules tbody tr.traffic-rule-row";
        var statusShown = int.Parse(Arg("--status-rows-shown") ?? "1000", CultureInfo.InvariantCulture);
        List<double> sFirst = [], sLive = [], sAll = [];
        for (var i = 0; i < 6; i++)
        {
            var (f, l, a) = await pages.LoadAsync("/", StatusRows, statusShown);
            if (i > 0)
            {
                sFirst.Add(f);
                sLive.Add(l);
                sAll.Add(a);
            }
        }

        Console.WriteLine($"Status page, 1000 rules, {statusShown} rows shown: first row {Stats(sFirst)}; live {Stats(sLive)}; all rows live {Stats(sAll)}");
        var afterStatus = panel.Usage();
        Console.WriteLine($"  panel RSS with the Status page open: {afterStatus.RssMiB:F1} MiB");
    }

    await stop.CancelAsync();
    target.Stop();
    await accepting;
}

static async Task AcceptAndCloseAsync(TcpListener listener, CancellationToken ct)
{
    try
    {
        while (true)
        {
            using var client = await listener.AcceptSocketAsync(ct);
        }
    }
    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
    {
    }
}

static string Stats(List<double> values)
{
    if (values.Count == 0)
    {
        return "none";
    }

    var sorted = values.Order().ToList();
    double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"median {P(0.5):F1} ms [{sorted[0]:F1}-{sorted[^1]:F1}] (n={sorted.Count})");
}

static void Summary(Dictionary<string, List<double>> results)
{
    foreach (var (what, values) in results)
    {
        var sorted = values.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: median {sorted[sorted.Count / 2]:F1} [{sorted[0]:F1}-{sorted[^1]:F1}] (n={sorted.Count})"));
    }
}

static string Sysctl(string name) => File.ReadAllText("/proc/sys/" + name).Trim();

// "UDP: inuse N mem M": pages the kernel holds for all UDP sockets' queued datagrams.
static long UdpKernelPages() =>
    long.Parse(File.ReadLines("/proc/net/sockstat").First(l => l.StartsWith("UDP:", StringComparison.Ordinal)).Split(' ')[^1], CultureInfo.InvariantCulture);

// The receive and send buffer the kernel gave one listening socket (ss -m: rb and tb, bytes; the kernel doubles what was asked).
static string SocketBuffers(int port)
{
    var line = Run("ss", "-uanm", $"sport = :{port}");
    var rb = System.Text.RegularExpressions.Regex.Match(line, @"rb(\d+)");
    var tb = System.Text.RegularExpressions.Regex.Match(line, @"tb(\d+)");
    return rb.Success ? $"(port {port}: rb {rb.Groups[1].Value}, tb {tb.Groups[1].Value} bytes)" : "";
}

// Bytes queued (ss -m: r) on the UDP sockets bound to first..last.
static long QueuedBytes(int first, int last)
{
    var output = Run("ss", "-uanm", $"( sport >= :{first} and sport <= :{last} )");
    return System.Text.RegularExpressions.Regex.Matches(output, @"skmem:\(r(\d+),").Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
}

static string Run(string file, params string[] args)
{
    using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output;
}

string? Arg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
