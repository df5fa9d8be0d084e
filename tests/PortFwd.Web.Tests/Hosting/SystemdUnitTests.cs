using System.Diagnostics;
using System.Runtime.Versioning;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>
/// The systemd unit install.sh installs (build/package/portfwd.service): the settings the service depends on, and
/// what systemd itself says of the file. Running the arm64 build under emulation is build/verify-arm64.sh, not a test.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string UnitPath = RepositoryFiles.PathOf("build", "package", "portfwd.service");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Type", "notify")]
    [InlineData("ExecStart", "/opt/portfwd/PortFwd.Web")]
    [InlineData("User", "portfwd")]
    [InlineData("Restart", "on-failure")]
    [InlineData("AmbientCapabilities", "CAP_NET_BIND_SERVICE")]
    [InlineData("CapabilityBoundingSet", "CAP_NET_BIND_SERVICE")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ReadWritePaths", "/var/lib/portfwd")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX AF_NETLINK")]
    [InlineData("Environment", "PortFwd__DataDirectory=/var/lib/portfwd")]
    public void The_unit_sets(string key, string value) => Assert.Contains(value, Values(key));

    [Fact]
    public void The_unit_has_a_watchdog_the_app_can_feed()
    {
        var watchdog = Assert.Single(Values("WatchdogSec"));

        Assert.True(int.TryParse(watchdog, out var seconds) && seconds >= 10, $"WatchdogSec={watchdog}: the app pings at half of it, so it needs some seconds.");
    }

    [Fact]
    public void The_unit_lets_the_dotnet_jit_write_the_code_it_runs() =>
        Assert.DoesNotContain("yes", Values("MemoryDenyWriteExecute"));

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Systemd_finds_nothing_wrong_with_the_unit()
    {
        var analyze = SystemdAnalyze();
        // verify checks that ExecStart exists: the same unit, with the app's path pointing at a stand-in.
        using var folder = new TempFolder();
        var app = Path.Combine(folder.Path, "PortFwd.Web");
        await File.WriteAllTextAsync(app, "#!/bin/sh\n", Ct);
        File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var unit = Path.Combine(folder.Path, "portfwd.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(UnitPath, Ct)).Replace("/opt/portfwd/PortFwd.Web", app, StringComparison.Ordinal), Ct);

        var (exitCode, output) = await RunAsync(analyze, "verify", unit);

        Assert.Equal(0, exitCode);
        // Unknown keys and bad values are warnings with the exit code still 0: any word on the unit is a failure.
        Assert.DoesNotContain("portfwd.service", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_rates_the_unit_s_exposure_at_2_or_less()
    {
        var analyze = SystemdAnalyze();

        // --threshold is on systemd's 0-100 scale; it prints 0-10 ("Overall exposure level … 1.6 OK").
        var (exitCode, output) = await RunAsync(analyze, "security", "--offline=true", "--threshold=20", UnitPath);

        Assert.True(exitCode == 0, output);
    }

    private static List<string> Values(string key) =>
        [.. File.ReadLines(UnitPath)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..])];

    private static string SystemdAnalyze()
    {
        var path = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, "systemd-analyze is not installed (Debian: apt-get install systemd).");
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No pager and no colours in what is compared.
        start.Environment["SYSTEMD_PAGER"] = "cat";
        start.Environment["SYSTEMD_COLORS"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("portfwd-unit-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
