using System.Globalization;
using System.Net;
using PortFwd.Nat;

namespace PortFwd.Testing.Testbed;

/// <summary>Settings the testbed router is built with (see the header of igd-testbed.sh).</summary>
public sealed record TestbedSettings(bool ForceIgdV1 = false, bool Stun = true)
{
    public static TestbedSettings Default { get; } = new();

    internal Dictionary<string, string> Environment => new()
    {
        ["IGD_FORCE_V1"] = ForceIgdV1 ? "yes" : "no",
        ["IGD_STUN"] = Stun ? "yes" : "no",
        ["IGD_SECURE_MODE"] = "yes",
    };
}

/// <summary>The real router in network namespaces (../shared/testbed/igd-testbed.sh), shared by every test of
/// the collection: brought up once, rebuilt only when a test needs other settings, taken down at the end.
/// Tests skip, saying why, when it cannot exist here (not Linux, not root, script or packages missing).
/// Each test project declares the collection itself: xunit looks for collection definitions only in the
/// test assembly.</summary>
public sealed class IgdTestbed : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(150);

    /// <summary>The root-namespace end of the testbed's LAN veth (HOST_IF in igd-testbed.sh).</summary>
    private const string HostLink = "pf-lan0";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _skipReason;
    private string? _script;
    private TestbedSettings? _current;
    private bool _wentUp;
    private FileStream? _ownership;

    public async ValueTask InitializeAsync()
    {
        _skipReason = FindScript(out _script);
        if (_skipReason is null)
        {
            _skipReason = await TakeOwnershipAsync();
        }

        if (_skipReason is null)
        {
            _skipReason = await UpAsync(TestbedSettings.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_wentUp && _script is not null)
        {
            await DownAsync(TestbedSettings.Default);
        }

        _gate.Dispose();
        if (_ownership is not null)
        {
            await _ownership.DisposeAsync();
        }
    }

    /// <summary>
    /// The testbed is one per machine, and test projects run in parallel processes (the router client's
    /// tests and the app's end-to-end tests): one holds it from up to down, the other waits its turn.
    /// </summary>
    private async Task<string?> TakeOwnershipAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "portfwd-igd-testbed.owner");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                _ownership = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return null;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException("Another test run held the IGD testbed for 10 minutes: " + e.Message, e);
            }
        }
    }

    /// <summary>The testbed with these settings, up and healthy; skips the test when it cannot exist here.
    /// Every test calls this before sending anything: traffic to the testbed's addresses is only safe while
    /// `igd-testbed.sh status -q` succeeds.</summary>
    public async Task<TestbedEnv> UseAsync(TestbedSettings? settings = null)
    {
        if (_skipReason is not null)
        {
            Assert.Skip(_skipReason);
        }

        settings ??= TestbedSettings.Default;
        await _gate.WaitAsync();
        try
        {
            if (_current != settings && await UpAsync(settings) is { } reason)
            {
                Assert.Skip(reason);
            }

            var status = await RunScriptAsync("status -q", settings);
            if (status.ExitCode != 0)
            {
                throw new InvalidOperationException($"igd-testbed.sh status -q failed ({status.ExitCode}): {status.Error}");
            }

            return TestbedEnv.Read();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Restarts the router with the same settings: every mapping is gone and its epoch starts again.</summary>
    public async Task<TestbedEnv> RestartRouterAsync()
    {
        var settings = _current ?? TestbedSettings.Default;
        await _gate.WaitAsync();
        try
        {
            // Forgotten, the testbed is built again by the next use: every up takes the old one down first.
            _current = null;
        }
        finally
        {
            _gate.Release();
        }

        return await UseAsync(settings);
    }

    /// <summary>Brings the testbed up with these settings; a reason to skip when it cannot exist here.</summary>
    private async Task<string?> UpAsync(TestbedSettings settings)
    {
        var install = System.Environment.GetEnvironmentVariable("IGD_TESTBED_INSTALL") == "1" ? " --install" : "";
        await DownAsync(settings);

        var up = await RunScriptAsync("up" + install, settings);
        if (up.ExitCode == 3)
        {
            return _skipReason = "IGD testbed cannot exist here: " + up.Error.Trim();
        }

        if (up.ExitCode != 0)
        {
            throw new InvalidOperationException($"igd-testbed.sh up failed ({up.ExitCode}): {up.Error}");
        }

        _wentUp = true;
        _current = settings;
        return null;
    }

    /// <summary>
    /// Takes the testbed down and returns once its LAN veth has left this namespace. Deleting a network namespace
    /// returns before the kernel has destroyed its devices, so the root end of the LAN veth outlives
    /// `ip netns del` for a moment: the script's own `ip link show` then `ip link del` can lose that race
    /// ("Cannot find device"), and an `up` started in that moment could meet the old veth. Waiting for the
    /// device to go, then running `down` again (it is idempotent), makes both impossible.
    /// </summary>
    private async Task DownAsync(TestbedSettings settings)
    {
        var down = await RunScriptAsync("down", settings);
        await WaitForHostLinkGoneAsync();
        if (down.ExitCode != 0)
        {
            var again = await RunScriptAsync("down", settings);
            if (again.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"igd-testbed.sh down failed twice ({down.ExitCode}: {down.Error.Trim()}; then {again.ExitCode}: {again.Error.Trim()})");
            }
        }
    }

    private static async Task WaitForHostLinkGoneAsync()
    {
        var link = "/sys/class/net/" + HostLink;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Directory.Exists(link))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{HostLink} still exists 30 s after igd-testbed.sh down");
            }

            await Task.Delay(20);
        }
    }

    private static string? FindScript(out string? script) => FindFile("igd-testbed.sh", out script);

    /// <summary>A file of ../shared/testbed beside the repository (the script, probe.py); the reason it cannot be used
    /// here, or null when <paramref name="path"/> is set.</summary>
    public static string? FindFile(string fileName, out string? path)
    {
        path = null;
        if (!OperatingSystem.IsLinux())
        {
            return "the IGD testbed needs Linux network namespaces";
        }

        if (!System.Environment.IsPrivilegedProcess)
        {
            return "the IGD testbed needs root (network namespaces, nftables)";
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortFwd.Web.sln")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            return "repository root (PortFwd.Web.sln) not found above " + AppContext.BaseDirectory;
        }

        var file = Path.Combine(dir.Parent.FullName, "shared", "testbed", fileName);
        if (!File.Exists(file))
        {
            return $"{file} not found (CI clones shared/ beside the repository)";
        }

        path = file;
        return null;
    }

    private Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string arguments, TestbedSettings settings) =>
        ToolProcess.RunAsync("bash", $"\"{_script}\" {arguments}", settings.Environment, ScriptTimeout);
}

/// <summary>The addresses of the running testbed, from /run/igd-testbed/testbed.env.</summary>
public sealed class TestbedEnv(IReadOnlyDictionary<string, string> values)
{
    public string this[string key] => values[key];

    public IPAddress LanHost => IPAddress.Parse(values["IGD_LAN_HOST_IP"]);
    public IPAddress OtherLanHost => IPAddress.Parse(values["IGD_LAN_NS_IP"]);
    public IPAddress RouterLan => IPAddress.Parse(values["IGD_ROUTER_LAN_IP"]);
    public IPAddress RouterWan => IPAddress.Parse(values["IGD_ROUTER_WAN_IP"]);
    /// <summary>"The internet": the host in the WAN namespace, beside the router's WAN side.</summary>
    public IPAddress WanHost => IPAddress.Parse(values["IGD_WAN_HOST_IP"]);
    public Uri DescriptionUrl => new(values["IGD_ROOTDESC_URL"]);
    public string ServiceType => values["IGD_SERVICE_TYPE"];
    public IPEndPoint NatPmp => IPEndPoint.Parse(values["IGD_NATPMP_ADDR"]);
    public IPEndPoint Pcp => IPEndPoint.Parse(values["IGD_PCP_ADDR"]);
    public string WanNamespace => values["IGD_WAN_NS"];
    public string LanNamespace => values["IGD_LAN_NS"];

    /// <summary>Discovery options that reach only the testbed: SSDP from the LAN veth, PCP/NAT-PMP to its router.</summary>
    public NatDiscoveryOptions Options(DiscoveryMethods methods = DiscoveryMethods.All) => new()
    {
        LocalAddress = LanHost,
        Gateway = methods.HasFlag(DiscoveryMethods.Pcp) ? Pcp.Address : NatPmp.Address,
        GatewayPort = methods.HasFlag(DiscoveryMethods.Pcp) ? Pcp.Port : NatPmp.Port,
        Methods = methods,
    };

    internal static TestbedEnv Read() => new(File.ReadAllLines("/run/igd-testbed/testbed.env")
        .Where(l => l.Contains('=', StringComparison.Ordinal))
        .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]));

    /// <summary>An external port unlikely to clash with leftovers of other runs.</summary>
    public static int RandomPort() => Random.Shared.Next(20000, 40000);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"testbed {LanHost} -> {RouterLan} / {RouterWan}");
}
