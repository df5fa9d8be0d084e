using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace PortFwd.Scale.Bench;

/// <summary>
/// What the idle panel costs (issue 17): start → <c>/healthz</c> Healthy on a fresh data folder and with 50 rules saved;
/// resident memory, threads, CPU and wake-ups while nobody watches, with 50 rules, with one Chromium on the Status page,
/// and with 500 rules. Rules are single TCP ports on 127.0.0.1 (23000–23499, checked free) that carry no traffic: their
/// listening is read from /proc/net/tcp, since a probe connection would count as traffic. Each variant (extra
/// environment for the panel, e.g. <c>DOTNET_gcServer=0</c>) is measured in alternating rounds, each figure with the
/// machine's 1-minute load average beside it. A variant whose folder holds the stack's floor (bench/PortFwd.StackFloor)
/// runs that instead of the panel: its "50 rows" case is its own 50 SQLite rows, created at a first start beforehand
/// as the panel's rules are saved beforehand; rules500 skips it, and "browser" opens its one page with no sign-in.
/// </summary>
internal static class Footprint
{
    private const int RulesFirst = 23000;
    private const int RuleTarget = 32000;

    /// <summary>The rows the stack floor's database holds (bench/PortFwd.StackFloor, FloorDb.Rows).</summary>
    private const int FloorRows = 50;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private static readonly double ClockTicks = double.Parse(Run("getconf", "CLK_TCK").Trim(), CultureInfo.InvariantCulture);

    /// <param name="variants">Name and extra environment of each variant.</param>
    /// <param name="cases">Any of fresh, rules50, page (after the idle window, one GET of / and a second window), browser, rules500.</param>
    /// <param name="settle">Wait after the rules listen (and after the browser page is live) before a window starts.</param>
    /// <param name="window">How long CPU and wake-ups are counted.</param>
    /// <param name="defaultApp">Folder of the panel to run (default: the build next to this program); a variant may name its own.</param>
    /// <param name="smaps">When above 0, after each idle window print that many of the largest groups of /proc/PID/smaps.</param>
    public static async Task RunAsync(int rounds, IReadOnlyList<(string Name, Dictionary<string, string> Environment)> variants,
        IReadOnlySet<string> cases, TimeSpan settle, TimeSpan window, string? defaultApp, int smaps = 0)
    {
        var most = cases.Contains("rules500") ? 500 : 50;
        Ports.EnsureFree(Enumerable.Range(RulesFirst, most), ProtocolType.Tcp);
        Console.WriteLine($"footprint: {rounds} rounds of [{string.Join(", ", variants.Select(v => v.Name))}], cases {string.Join(", ", cases)}; "
            + $"settle {settle.TotalSeconds} s, window {window.TotalSeconds} s; panel from {defaultApp ?? AppContext.BaseDirectory}; load {Load()}");
        var results = new Results();
        var apps = variants.Select(v => AppOf(v.Environment, defaultApp)).ToList();
        var panelApp = apps.FirstOrDefault(a => !Panel.IsStackFloor(a), defaultApp);
        var floorApp = apps.FirstOrDefault(Panel.IsStackFloor);
        var idle = cases.Overlaps(["rules50", "browser", "page"]);
        var data50 = idle && apps.Any(a => !Panel.IsStackFloor(a)) ? await SavedRulesAsync(50, panelApp) : null;
        var data500 = cases.Contains("rules500") && apps.Any(a => !Panel.IsStackFloor(a)) ? await SavedRulesAsync(500, panelApp) : null;
        var floorData = idle && floorApp is not null ? await FloorRowsAsync(floorApp) : null;
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, variables) in variants)
                {
                    // "app=DIR" in a variant runs the panel from DIR (e.g. the ReadyToRun publish against the build output).
                    var environment = variables.Where(v => v.Key != "app").ToDictionary();
                    var app = AppOf(variables, defaultApp);
                    var floor = Panel.IsStackFloor(app);
                    var tag = $"round {round} [{name}]";
                    if (cases.Contains("fresh"))
                    {
                        await using var fresh = await Panel.StartAsync(new PanelStart(AppDirectory: app, Environment: environment, SignIn: false, LogPasses: false));
                        var rss = Sample.Of(fresh.Pid);
                        results.Add(name, "fresh data folder: start → healthy, s", fresh.StartedIn.TotalSeconds);
                        results.Add(name, "fresh data folder: RSS when healthy, MiB", rss.RssMiB);
                        Console.WriteLine($"{tag} fresh data folder: start → healthy {fresh.StartedIn.TotalSeconds:F2} s (load {Load()}), RSS {rss.RssMiB:F1} MiB");
                        await fresh.StopAsync();
                    }

                    if (floor && floorData is not null)
                    {
                        await IdleAsync(results, tag, name, $"{FloorRows} rows", 0, floorData, app, environment, settle, window, cases.Contains("browser"), cases.Contains("page"), smaps);
                    }
                    else if (!floor && data50 is not null)
                    {
                        await IdleAsync(results, tag, name, "50 rules", 50, data50, app, environment, settle, window, cases.Contains("browser"), cases.Contains("page"), smaps);
                    }

                    if (!floor && data500 is not null)
                    {
                        await IdleAsync(results, tag, name, "500 rules", 500, data500, app, environment, settle, window, browser: false, page: false, smaps);
                    }
                }
            }
        }
        finally
        {
            foreach (var data in new[] { data50, data500, floorData }.OfType<string>())
            {
                Directory.Delete(data, recursive: true);
            }
        }

        results.Print();
    }

    /// <summary>"app=DIR" in a variant runs the app from DIR; otherwise the default (null: the panel built next to this program).</summary>
    private static string? AppOf(IReadOnlyDictionary<string, string> variables, string? defaultApp) =>
        variables.GetValueOrDefault("app", defaultApp ?? "") is { Length: > 0 } app ? app : null;

    private static async Task IdleAsync(Results results, string tag, string variant, string what, int rules, string data, string? app,
        Dictionary<string, string> environment, TimeSpan settle, TimeSpan window, bool browser, bool page, int smaps)
    {
        await using var panel = await Panel.StartAsync(new PanelStart(data, app, environment, SignIn: false, LogPasses: false));
        var since = Stopwatch.StartNew();
        var listening = await Ports.UntilAllAsync(Enumerable.Range(RulesFirst, rules).ToHashSet(), left => { Ports.TcpListeningPass(left); return Task.CompletedTask; }, since, Limit);
        var startLoad = Load();
        Console.WriteLine($"{tag} {what}: pid {panel.Pid} healthy{(rules > 0 ? ", all rules listening" : "")}; settling {settle.TotalSeconds} s");
        results.Add(variant, $"{what}: start → healthy, s", panel.StartedIn.TotalSeconds);
        if (rules > 0)
        {
            results.Add(variant, $"{what}: start → all ports listening, s", panel.StartedIn.TotalSeconds + (listening / 1000));
        }

        // Settles, counts a window, keeps its figures under "what, state" and prints where the memory went.
        async Task<Window> SettledWindowAsync(string state, Action<Window> print)
        {
            await Task.Delay(settle);
            var read = await WindowAsync(panel.Pid, window);
            print(read);
            read.AddTo(results, variant, $"{what}, {state}");
            if (smaps > 0)
            {
                Console.Write($"{tag} {what}, {state}, {Smaps.Top(panel.Pid, smaps)}");
            }

            return read;
        }

        await SettledWindowAsync("idle", idle =>
            Console.WriteLine($"{tag} {what}: start → healthy {panel.StartedIn.TotalSeconds:F2} s, + {listening / 1000:F2} s to all listening (load {startLoad}); idle {idle}"));

        if (await GcCountersAsync(panel.Pid) is { } gc)
        {
            Console.WriteLine($"{tag} {what}, idle, System.Runtime counters (read after the window): {gc}");
        }

        if (page)
        {
            // One page rendered on the server (prerendered HTML, as a browser's first request gets it) and no circuit:
            // what the first visit leaves loaded. The panel, signed out, answers with its sign-in page.
            using (var response = await panel.Http.GetAsync(new Uri("/", UriKind.Relative)))
            {
                var body = await response.Content.ReadAsStringAsync();
                Console.WriteLine($"{tag} {what}: GET / answered {(int)response.StatusCode} from {response.RequestMessage?.RequestUri?.AbsolutePath}, {body.Length} characters; settling {settle.TotalSeconds} s");
            }

            await SettledWindowAsync("after one page GET", rendered => Console.WriteLine($"{tag} {what}, after one page GET: {rendered}"));
        }

        if (browser)
        {
            // The panel's Status page once signed in; the stack floor's one page.
            var floor = rules == 0;
            await using (var pages = floor ? await Pages.LaunchAsync(panel.BaseUrl) : await Pages.SignInAsync(panel.BaseUrl))
            {
                await pages.OpenAsync("/");
                await Task.Delay(settle);
                var watched = await WindowAsync(panel.Pid, window);
                Console.WriteLine($"{tag} {what}, one Chromium on {(floor ? "its page" : "the Status page")}: {watched}");
                watched.AddTo(results, variant, $"{what}, {(floor ? "page" : "Status page")} open in Chromium");
            }

            var closed = Sample.Of(panel.Pid);
            Console.WriteLine($"{tag} {what}, browser closed (circuit kept for its retention period): RSS {closed.RssMiB:F1} MiB");
        }

        await panel.StopAsync();
    }

    /// <summary>A data folder with <paramref name="count"/> TCP rules saved through the API (the panel stopped again).</summary>
    private static async Task<string> SavedRulesAsync(int count, string? app)
    {
        var data = Directory.CreateTempSubdirectory("portfwd-footprint-").FullName;
        await using var panel = await Panel.StartAsync(new PanelStart(data, app, LogPasses: false));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await panel.CreateRuleAsync(new { name = $"idle {i:D3}", protocol = "tcp", externalPort = RulesFirst + i, internalHost = "127.0.0.1", internalPort = RuleTarget });
        }

        await Ports.UntilAllAsync(Enumerable.Range(RulesFirst, count).ToHashSet(), left => { Ports.TcpListeningPass(left); return Task.CompletedTask; }, watch, Limit);
        Console.WriteLine($"saved {count} rules in {watch.Elapsed.TotalSeconds:F1} s (load {Load()})");
        await panel.StopAsync();
        return data;
    }

    /// <summary>A data folder with the stack floor's database and its rows, created by one start of it (stopped again).</summary>
    private static async Task<string> FloorRowsAsync(string app)
    {
        var data = Directory.CreateTempSubdirectory("portfwd-footprint-floor-").FullName;
        await using var floor = await Panel.StartAsync(new PanelStart(data, app, SignIn: false, LogPasses: false));
        Console.WriteLine($"stack floor: created its database with {FloorRows} rows, healthy in {floor.StartedIn.TotalSeconds:F2} s (load {Load()})");
        await floor.StopAsync();
        return data;
    }

    /// <summary>Counts the panel's CPU time and context switches (each one a thread that woke) over <paramref name="window"/>.</summary>
    private static async Task<Window> WindowAsync(int pid, TimeSpan window)
    {
        var before = Sample.Of(pid);
        var load = Load();
        await Task.Delay(window);
        var after = Sample.Of(pid);
        var seconds = window.TotalSeconds;
        var woke = after.Switches.Select(t => (t.Key, Count: t.Value.Count - (before.Switches.TryGetValue(t.Key, out var b) ? b.Count : 0), t.Value.Name))
            .Where(t => t.Count > 0).OrderByDescending(t => t.Count).ToList();
        return new Window(after.RssMiB, after.PssMiB, after.RssAnonMiB, after.RssFileMiB, after.RssShmemMiB, after.Threads, (after.CpuTicks - before.CpuTicks) / ClockTicks / seconds * 100,
            woke.Sum(t => t.Count) / seconds, string.Join(", ", woke.Take(6).Select(t => $"{t.Name} {t.Count / seconds:F1}")), seconds, load);
    }

    /// <summary>
    /// The managed heap as the runtime reports it (System.Runtime meter, via dotnet-counters when it is installed:
    /// <c>dotnet tool install -g dotnet-counters</c>); null without it. Read after a window, since attaching costs the panel work.
    /// </summary>
    private static async Task<string?> GcCountersAsync(int pid)
    {
        var tool = new[] { Environment.ExpandEnvironmentVariables("%HOME%/.dotnet/tools/dotnet-counters"), "/usr/local/bin/dotnet-counters" }.FirstOrDefault(File.Exists);
        if (tool is null)
        {
            return null;
        }

        var output = Path.Combine(Path.GetTempPath(), $"portfwd-footprint-counters-{pid}");
        using var process = Process.Start(new ProcessStartInfo(tool,
            ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime", "--format", "csv", "-o", output, "--duration", "00:00:00:04"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(limit.Token), process.StandardError.ReadToEndAsync(limit.Token), process.WaitForExitAsync(limit.Token));
        var file = output + ".csv";
        if (!File.Exists(file))
        {
            return "dotnet-counters wrote nothing";
        }

        // "Timestamp,Provider,Counter Name,Counter Type,Mean/Increment": keep the last value of each counter (and tag).
        var last = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var columns = line.Split(',');
            if (columns.Length >= 5 && (columns[2].Contains(".gc.", StringComparison.Ordinal) || columns[2].Contains("memory", StringComparison.Ordinal)))
            {
                last[columns[2]] = columns[^1];
            }
        }

        File.Delete(file);
        return string.Join("; ", last.Select(c => $"{c.Key} = {c.Value}"));
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private sealed record Window(double RssMiB, double PssMiB, double RssAnonMiB, double RssFileMiB, double RssShmemMiB, int Threads, double CpuPercent, double WakeupsPerSecond, string Busiest, double Seconds, string Load)
    {
        public void AddTo(Results results, string variant, string what)
        {
            results.Add(variant, $"{what}: RSS, MiB", RssMiB, Load);
            results.Add(variant, $"{what}: PSS, MiB", PssMiB, Load);
            results.Add(variant, $"{what}: RssAnon, MiB", RssAnonMiB, Load);
            results.Add(variant, $"{what}: threads", Threads, Load);
            results.Add(variant, $"{what}: CPU, % of one core", CpuPercent, Load);
            results.Add(variant, $"{what}: context switches per s", WakeupsPerSecond, Load);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"RSS {RssMiB:F1} MiB (anonymous {RssAnonMiB:F1}, files {RssFileMiB:F1}, shared {RssShmemMiB:F1}; PSS {PssMiB:F1}), {Threads} threads, CPU {CpuPercent:F3} % of one core and {WakeupsPerSecond:F1} context switches/s over {Seconds:F0} s (load {Load}); most: {Busiest}");
    }

    /// <summary>One reading of /proc for the panel: memory, threads, CPU time and each thread's context switches.</summary>
    private sealed record Sample(double RssMiB, double PssMiB, double RssAnonMiB, double RssFileMiB, double RssShmemMiB, int Threads, long CpuTicks, Dictionary<string, (string Name, long Count)> Switches)
    {
        public static Sample Of(int pid)
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            // "... (comm) S ppid ...": utime and stime are fields 14 and 15, the 12th and 13th after the command name.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var switches = new Dictionary<string, (string, long)>();
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var lines = File.ReadAllLines(Path.Combine(task, "status"));
                    switches[Path.GetFileName(task)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), Kib(lines, "voluntary_ctxt_switches:") + Kib(lines, "nonvoluntary_ctxt_switches:"));
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }

            // PSS counts a page mapped twice (the JIT's write and execute views, W^X) once, and shared library pages in part.
            var pss = Kib(File.ReadAllLines($"/proc/{pid}/smaps_rollup"), "Pss:");
            return new Sample(Kib(status, "VmRSS:") / 1024.0, pss / 1024.0, Kib(status, "RssAnon:") / 1024.0, Kib(status, "RssFile:") / 1024.0, Kib(status, "RssShmem:") / 1024.0, (int)Kib(status, "Threads:"),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture), switches);
        }

        private static long Kib(string[] lines, string key) =>
            long.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Every figure of every variant, with the load average each was taken at; printed as median [min–max].</summary>
    private sealed class Results
    {
        private readonly Dictionary<(string Variant, string What), List<(double Value, string Load)>> _values = [];

        public void Add(string variant, string what, double value, string? load = null)
        {
            if (!_values.TryGetValue((variant, what), out var list))
            {
                _values[(variant, what)] = list = [];
            }

            list.Add((value, load ?? Load()));
        }

        public void Print()
        {
            Console.WriteLine("summary: median [min–max] (n), load averages at each figure");
            foreach (var group in _values.GroupBy(v => v.Key.What))
            {
                foreach (var ((variant, what), values) in group)
                {
                    var sorted = values.Select(v => v.Value).Order().ToList();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {what} [{variant}]: {sorted[(sorted.Count - 1) / 2]:F3} [{sorted[0]:F3}–{sorted[^1]:F3}] (n={sorted.Count}); load {string.Join(" ", values.Select(v => v.Load))}"));
                }
            }
        }
    }
}
