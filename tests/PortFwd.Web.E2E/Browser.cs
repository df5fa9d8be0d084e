using Microsoft.Playwright;

namespace PortFwd.Web.E2E;

/// <summary>Debian's Chromium driven by Playwright, with no network beyond loopback.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "portfwd-e2e-artifacts")).FullName;

    public async ValueTask InitializeAsync()
    {
        // Playwright's 5 s default for an expectation is a page's whole reaction time (a click, a server round trip over
        // the circuit, a render); on a loaded two-core machine that has taken longer, so expectations wait up to 20 s.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
        var executable = new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: run `apt-get install -y chromium` (the CI script does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
