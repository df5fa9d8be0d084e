using System.Diagnostics;

namespace PortFwd.Nat.Tests.Testbed;

/// <summary>The second LAN host (pf-lan namespace) mapping a port for itself with Debian's upnpc, so the
/// router has a mapping this machine does not own.</summary>
internal static class OtherLanHost
{
    public static Task MapAsync(TestbedEnv env, int externalPort) =>
        UpnpcAsync(env, $"-a {env.OtherLanHost} 8080 {externalPort} TCP 600");

    public static Task UnmapAsync(TestbedEnv env, int externalPort) =>
        UpnpcAsync(env, $"-d {externalPort} TCP");

    private static async Task UpnpcAsync(TestbedEnv env, string arguments)
    {
        var psi = new ProcessStartInfo("ip", $"netns exec {env.LanNamespace} upnpc -u {env.DescriptionUrl} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start upnpc");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("upnpc in pf-lan did not finish");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"upnpc {arguments} in pf-lan failed ({process.ExitCode}): {await output} {await error}");
    }
}
