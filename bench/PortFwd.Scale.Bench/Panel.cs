using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PortFwd.Scale.Bench;

/// <summary>
/// The real panel as a child process on 127.0.0.1: router client, public-address echo and reachability probe off. Also
/// starts the stack's floor app (<see cref="IsStackFloor"/>) for the footprint's comparison.
/// </summary>
internal sealed partial class Panel : IAsyncDisposable
{
    public const string Password = "bench-Passw0rd";

    private readonly Process _process;
    private readonly string _data;
    private readonly bool _ownsData;
    private readonly Lock _gate = new();
    private readonly List<double> _passes = [];

    private Panel(Process process, string data, bool ownsData, string baseUrl)
    {
        _process = process;
        _data = data;
        _ownsData = ownsData;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    /// <summary>Process start → <c>/healthz</c> answering Healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    private const string StackFloorName = "PortFwd.StackFloor";

    /// <summary>
    /// Whether <paramref name="app"/> holds the stack's floor (bench/PortFwd.StackFloor: the panel's stack with none of
    /// the panel) rather than the panel. It starts and answers <c>/healthz</c> the same way, but has no API or sign-in.
    /// </summary>
    public static bool IsStackFloor(string? app) => File.Exists(Path.Combine(app ?? AppContext.BaseDirectory, StackFloorName + ".dll"));

    public static async Task<Panel> StartAsync(PanelStart? how = null)
    {
        how ??= new PanelStart();
        var data = how.DataDirectory ?? Directory.CreateTempSubdirectory("portfwd-scale-bench-").FullName;
        var app = how.AppDirectory ?? AppContext.BaseDirectory;
        // A self-contained publish (build/release.sh) runs its own executable; the build output runs under dotnet.
        var entry = IsStackFloor(app) ? StackFloorName : "PortFwd.Web";
        var executable = Path.Combine(app, entry);
        var info = new ProcessStartInfo(File.Exists(executable) ? executable : "dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, UseShellExecute = false };
        if (!File.Exists(executable))
        {
            info.ArgumentList.Add(Path.Combine(app, entry + ".dll"));
        }

        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["PortFwd__DataDirectory"] = data;
        info.Environment["StackFloor__DataDirectory"] = data;
        info.Environment["PortFwd__AdminPassword"] = Password;
        info.Environment["PortFwd__Router__Enabled"] = "false";
        info.Environment["PortFwd__ListenAddress"] = "127.0.0.1";
        info.Environment["PortFwd__PublicAddress__EchoUrls"] = "";
        info.Environment["PortFwd__Reachability__ProbeUrl"] = "";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // The reconciler's pass time (a debug line per pass).
        info.Environment["Logging__LogLevel__PortFwd.Web.Forwarding.RuleReconciler"] = how.LogPasses ? "Debug" : "Warning";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in how.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        string? baseUrl = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (baseUrl is null && DateTime.UtcNow < deadline && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var match = ListeningLine().Match(line);
            baseUrl = match.Success ? match.Groups[1].Value : null;
        }

        if (baseUrl is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the panel did not start");
        }

        var panel = new Panel(process, data, how.DataDirectory is null, baseUrl);
        _ = Task.Run(panel.ReadLogAsync);
        panel.StartedIn = await panel.UntilHealthyAsync(watch, TimeSpan.FromSeconds(60));
        if (how.SignIn)
        {
            using var tokenResponse = await panel.Http.PostAsJsonAsync("/api/tokens", new { username = "admin", password = Password });
            var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            panel.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return panel;
    }

    /// <summary>Pass times (ms) the reconciler logged since the last call.</summary>
    public List<double> TakePasses()
    {
        lock (_gate)
        {
            var passes = _passes.ToList();
            _passes.Clear();
            return passes;
        }
    }

    /// <summary>Resident memory (VmRSS, MiB) and open descriptors of the panel process.</summary>
    public (double RssMiB, int Descriptors) Usage()
    {
        var rss = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (kib / 1024, Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length);
    }

    public async Task<int> CreateRuleAsync(object rule)
    {
        using var created = await Http.PostAsJsonAsync("/api/rules", rule);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"saving a rule answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }

        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public async Task DeleteRuleAsync(int id)
    {
        using var deleted = await Http.DeleteAsync(new Uri($"/api/rules/{id}", UriKind.Relative));
        deleted.EnsureSuccessStatusCode();
    }

    public async Task<string> StateAsync(int id) =>
        (await Http.GetFromJsonAsync<JsonElement>($"/api/rules/{id}/status")).GetProperty("state").GetString()!;

    /// <summary>Stops or resumes the panel (SIGSTOP / SIGCONT): a relay that is busy elsewhere for a while.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Stops the panel as systemd would (SIGTERM), killing it if it has not exited within 30 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal("TERM");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownsData)
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private async Task<TimeSpan> UntilHealthyAsync(Stopwatch since, TimeSpan limit)
    {
        while (since.Elapsed < limit)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (await response.Content.ReadAsStringAsync() == "Healthy")
                {
                    return since.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"/healthz did not answer Healthy within {limit.TotalSeconds} s");
    }

    private async Task ReadLogAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var match = PassLine().Match(line);
            if (match.Success)
            {
                lock (_gate)
                {
                    _passes.Add(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Applied \d+ saved rules in ([\d.]+) ms")]
    private static partial Regex PassLine();
}

/// <summary>How to start the panel: its data folder (a new temporary one by default, deleted at the end), which build, extra environment.</summary>
internal sealed record PanelStart(
    string? DataDirectory = null, string? AppDirectory = null, IReadOnlyDictionary<string, string>? Environment = null, bool SignIn = true, bool LogPasses = true);
