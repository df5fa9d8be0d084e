using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PortFwd.Web.E2E.Forwarding;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Backup;

/// <summary>What a person does before trying something risky: download a backup on the System page, and restore it there after a mistake.</summary>
public sealed class BackupPageTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    [Fact]
    public async Task A_backup_downloaded_from_the_system_page_brings_back_a_deleted_rule_after_a_preview()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var echo = new EchoServer("restored");
        var port = LoopbackPorts.Free();
        using var api = await PanelApi.SignInAsync(Server.BaseUrl, PanelServer.AdminPassword, ct);
        var id = await api.CreateAsync(new
        {
            name = "Backed up", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = echo.Port, enabled = true,
        }, ct);

        await Browser.SignInAsync("/system");
        var download = Page.WaitForDownloadAsync();
        await Page.Locator("#backup-download").ClickAsync();
        var file = await download;
        Assert.StartsWith("portfwd-backup-", file.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Server.DataDirectory, file.SuggestedFilename);
        await file.SaveAsAsync(path);
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(path, ct)))
        {
            Assert.Equal("portfwd-backup", saved.RootElement.GetProperty("format").GetString());
        }

        await api.DeleteAsync(id, ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, ct);

        await Page.Locator(".restore-file-input").SetInputFilesAsync(path);
        await Expect(Page.Locator("#restore-file-name")).ToHaveTextAsync(file.SuggestedFilename);
        var added = Page.Locator("#restore-changes tr.restore-change[data-section='rules'][data-change='added']");
        await Expect(added).ToContainTextAsync("Backed up");
        await Expect(Page.Locator("#restore-ready")).ToContainTextAsync("Restoring makes 1 change");
        await Browser.ScreenshotAsync("restore-preview");
        Assert.Empty(await api.Http.GetFromJsonAsync<JsonElement[]>("/api/rules", ct) ?? []);

        await Page.Locator("#restore-confirm").ClickAsync();
        await Expect(Page.Locator("#restore-done")).ToContainTextAsync("Restored: 1 change");

        var rules = await api.Http.GetFromJsonAsync<JsonElement[]>("/api/rules", ct);
        Assert.Equal("Backed up", Assert.Single(rules!).GetProperty("name").GetString());
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, ct);
        Assert.Equal("restored:hello", await Net.TcpRoundTripAsync(port, "hello", ct));
        Assert.Empty(Browser.ConsoleErrors);
    }
}
