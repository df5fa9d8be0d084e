using PortFwd.Testing.Testbed;

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
        var (exit, output, error) = await ToolProcess.RunAsync("ip",
            $"netns exec {env.LanNamespace} upnpc -u {env.DescriptionUrl} {arguments}", null, TimeSpan.FromSeconds(15));
        if (exit != 0)
        {
            throw new InvalidOperationException($"upnpc {arguments} in pf-lan failed ({exit}): {output} {error}");
        }
    }
}
