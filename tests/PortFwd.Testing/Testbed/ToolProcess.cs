using System.Diagnostics;

namespace PortFwd.Testing.Testbed;

/// <summary>Runs a command-line tool to the end (bounded), capturing its output.</summary>
public static class ToolProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, string arguments,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process this helper started, by its own handle.
            process.Kill();
            throw new TimeoutException($"{fileName} {arguments} did not finish within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }
}
