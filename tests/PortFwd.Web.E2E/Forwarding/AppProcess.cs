using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>The panel as a separate process (the built PortFwd.Web.dll), so a test can kill it hard and start it again.</summary>
internal sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AppProcess(Process process) => _process = process;

    public string BaseUrl { get; private set; } = "";

    public int Id => _process.Id;

    public static async Task<AppProcess> StartAsync(string dataDirectory, string adminPassword, CancellationToken ct)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "PortFwd.Web.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(app);
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["PortFwd__DataDirectory"] = dataDirectory;
        info.Environment["PortFwd__AdminPassword"] = adminPassword;
        info.Environment["PortFwd__Router__Enabled"] = "false";
        info.Environment["PortFwd__ListenAddress"] = "127.0.0.1";
        info.Environment["PortFwd__ResyncSeconds"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Information";

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the panel process.");
        var running = new AppProcess(process);
        process.OutputDataReceived += (_, e) => running.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => running.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A bound, not a wait: it ends as soon as the panel prints where it listens. A start (migrations, the first
        // JIT) took over 30 s on a machine running several builds at once, so the bound leaves room for that.
        timeout.CancelAfter(StartTimeout);
        try
        {
            running.BaseUrl = await running._listening.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await running.DisposeAsync();
            throw new InvalidOperationException($"The panel did not start within {StartTimeout.TotalSeconds:0} s:\n" + running.Output);
        }

        return running;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
