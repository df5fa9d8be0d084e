using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.Rules;
using PortFwd.Core.Blocklist;
using PortFwd.Data;
using PortFwd.Data.Blocklist;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;
using PortFwd.Testing;
using PortFwd.Testing.Storage;
using PortFwd.Web.Tests.Fakes;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Backup;

/// <summary>
/// A restore and a write through the API at the same time are ordered, one wholly before the other: the write is held
/// after its check, just before it writes, while the restore is sent; the write goes on only once the restore is done or
/// waits for the store's write gate.
/// </summary>
public sealed class RestoreOrderingTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_saved_while_a_restore_runs_comes_wholly_before_it_so_the_port_is_never_taken_twice()
    {
        var hold = new HeldWrite();
        var held = new HeldSave(hold, db => db.ChangeTracker.Entries<ForwardingRule>().Any(e => e.State == EntityState.Added && e.Entity.Name == "Racer"));
        await using var panel = new PanelFactory
        {
            TestServices = services => services.ConfigureDbContext<PortFwdDbContext>((_, o) => o.AddInterceptors(held)),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var echo = await api.CreateRuleAsync(PanelApi.Rule("Echo", port), Ct);
        var backup = await api.DownloadBackupAsync(Ct);
        (await api.DeleteAsync($"/api/rules/{echo["id"]}", Ct)).Dispose();

        // The save has checked the port (free now) and is about to write.
        var save = api.PostJsonAsync("/api/rules", PanelApi.Rule("Racer", port), Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        using var restoreRequest = new HttpRequestMessage(HttpMethod.Post, "/api/restore") { Content = PanelApi.Json(backup) };
        var restore = api.SendAsync(restoreRequest, Ct);
        // A rule's save holds the certificates' gate before the rules' one: the restore waits at the first of them.
        var gate = panel.Services.GetRequiredService<CertificateStore>().Writes;
        await hold.ReleaseWhenAsync(() => restore.IsCompleted || gate.Waiting > 0, Within, Ct);

        using var saved = await save.WaitAsync(Within, Ct);
        using var restored = await restore.WaitAsync(Within, Ct);
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);

        // The restore came after the save: it saw Racer, said it removes it, and put the backup's rule in its place.
        var changes = (await restored.ReadObjectAsync(Ct))["changes"]!.AsArray().Select(c => $"{c!["change"]} {c["name"]}").Order(StringComparer.Ordinal);
        Assert.Equal(["added Echo", "removed Racer"], changes);
        var onPort = (await panel.Services.GetRequiredService<RuleStore>().GetAllAsync(Ct)).Where(r => r.Enabled && r.ExternalPort == port).Select(r => r.Name);
        Assert.Equal(["Echo"], onPort);
    }

    [Fact]
    public async Task A_blocklist_entry_deleted_while_a_restore_runs_is_deleted_wholly_before_it_and_the_restore_says_it_adds_it_back()
    {
        const string network = "198.51.100.9";
        var hold = new HeldWrite();
        var held = new HeldSave(hold, db => db.ChangeTracker.Entries<BlocklistEntry>().Any(e => e.State == EntityState.Deleted && e.Entity.Network == network));
        await using var panel = new PanelFactory
        {
            TestServices = services => services.ConfigureDbContext<PortFwdDbContext>((_, o) => o.AddInterceptors(held)),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        using var added = await api.PostJsonAsync("/api/blocklist", new JsonObject { ["address"] = network }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.ReadObjectAsync(Ct))["id"];
        var backup = await api.DownloadBackupAsync(Ct);

        // The delete has found the entry and is about to remove it.
        var delete = api.DeleteAsync($"/api/blocklist/{id}", Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        using var restoreRequest = new HttpRequestMessage(HttpMethod.Post, "/api/restore") { Content = PanelApi.Json(backup) };
        var restore = api.SendAsync(restoreRequest, Ct);
        var gate = panel.Services.GetRequiredService<BlocklistStore>().Writes;
        await hold.ReleaseWhenAsync(() => restore.IsCompleted || gate.Waiting > 0, Within, Ct);

        using var deleted = await delete.WaitAsync(Within, Ct);
        using var restored = await restore.WaitAsync(Within, Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);

        // The restore came after the delete: it found the entry gone, said it adds it, and did.
        var changes = (await restored.ReadObjectAsync(Ct))["changes"]!.AsArray().Select(c => $"{c!["section"]} {c["change"]} {c["name"]}");
        Assert.Equal(["blocklist added 198.51.100.9"], changes);
        var entries = (await panel.Services.GetRequiredService<BlocklistStore>().GetAllAsync(Ct)).Select(e => e.Network);
        Assert.Equal([network], entries);
    }
}
