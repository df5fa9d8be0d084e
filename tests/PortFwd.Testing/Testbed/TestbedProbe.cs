using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace PortFwd.Testing.Testbed;

/// <summary>
/// ../shared/testbed/probe.py run in the testbed's WAN namespace: an echoip service "on the internet" (<c>/ip</c>,
/// <c>/port/N</c>) that sees the router's WAN address as the caller and connects back through the router's mappings.
/// One process at a time; <c>igd-testbed.sh down</c> ends every process in the namespace, so a testbed rebuilt with
/// other settings gets a new one. Every request it served is in <see cref="Requests"/> (its stderr log lines).
/// </summary>
public sealed class TestbedProbe : IAsyncDisposable
{
    /// <summary>probe.py stops by itself after this long, should this process die without stopping it.</summary>
    private const int MaxSeconds = 600;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    /// <summary>The echoip base URL, such as <c>http://198.51.100.2:31234</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://invalid/");

    /// <summary>The port test's URL with the panel's <c>{port}</c> placeholder.</summary>
    public string PortUrlTemplate => new Uri(BaseUrl, "/port/").ToString() + "{port}";

    /// <summary>The "what is my IP" URL.</summary>
    public Uri IpUrl => new(BaseUrl, "/ip");

    /// <summary>The log lines of every request served so far (such as <c>probe: 198.51.100.1 "GET /port/31000 HTTP/1.1" 200 -</c>).</summary>
    public IReadOnlyList<string> Requests => [.. _log.Where(l => l.StartsWith("probe: ", StringComparison.Ordinal))];

    /// <summary>probe.py serving in the WAN namespace of <paramref name="env"/>: the running one, or a new one when the testbed was rebuilt.</summary>
    /// <returns>The skip reason when probe.py is not there; null when it answers.</returns>
    public async Task<string?> StartAsync(TestbedEnv env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        await _gate.WaitAsync(ct);
        try
        {
            if (_process is { HasExited: false })
            {
                return null;
            }

            _process?.Dispose();
            _process = null;
            if (IgdTestbed.FindFile("probe.py", out var script) is { } reason)
            {
                return reason;
            }

            var port = TestbedEnv.RandomPort();
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var psi = new ProcessStartInfo("ip")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["netns", "exec", env.WanNamespace, python, "-u", script!,
                "--listen", $"{env.WanHost}:{port.ToString(CultureInfo.InvariantCulture)}", "--max-seconds", MaxSeconds.ToString(CultureInfo.InvariantCulture)])
            {
                psi.ArgumentList.Add(argument);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start probe.py");
            process.ErrorDataReceived += (_, e) => Log(e.Data);
            process.OutputDataReceived += (_, e) => Log(e.Data);
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            _process = process;
            BaseUrl = new Uri($"http://{env.WanHost}:{port.ToString(CultureInfo.InvariantCulture)}/");
            await WaitUntilAnsweringAsync(env, ct);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The request lines up to now: asks <c>/ip</c> with a mark and waits for its line, so every request served before
    /// (its line is written before its answer) has been read too.
    /// </summary>
    public async Task<IReadOnlyList<string>> RequestsUpToNowAsync(CancellationToken ct)
    {
        var mark = Guid.NewGuid().ToString("N");
        using var http = NewClient();
        await http.GetStringAsync(new Uri(IpUrl + "?mark=" + mark), ct);
        var deadline = DateTime.UtcNow + StartLimit;
        while (!_log.Any(l => l.Contains(mark, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"probe.py's log line for /ip?mark={mark} did not arrive within {StartLimit.TotalSeconds} s");
            }

            await Task.Delay(20, ct);
        }

        return Requests;
    }

    /// <summary>How many times the port test was asked for <paramref name="port"/>.</summary>
    public static int PortTests(IEnumerable<string> requests, int port) =>
        requests.Count(l => l.Contains($"\"GET /port/{port.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is { HasExited: false } process)
            {
                // Only the process this class started, by its own handle (ip netns exec runs python in its place).
                process.Kill();
                await process.WaitForExitAsync();
            }

            _process?.Dispose();
            _process = null;
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    /// <summary>From this (the LAN) side, through the router: the probe answers with the router's WAN address.</summary>
    private async Task WaitUntilAnsweringAsync(TestbedEnv env, CancellationToken ct)
    {
        using var http = NewClient();
        http.Timeout = TimeSpan.FromSeconds(1);
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"probe.py ended ({_process.ExitCode}): {string.Join('\n', _log)}");
            }

            try
            {
                var seen = (await http.GetStringAsync(IpUrl, ct)).Trim();
                Assert.Equal(env.RouterWan.ToString(), seen);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>Straight to the testbed's address, never through a proxy the environment may name.</summary>
    private static HttpClient NewClient() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
}
