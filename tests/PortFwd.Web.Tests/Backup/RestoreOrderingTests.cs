using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Testing;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Backup;

/// <summary>
/// A restore and a rule saved through the API at the same time are ordered, one wholly before the other: the save is held
/// after its conflict check, just before it writes, while the restore is sent; the save goes on only once the restore is
/// done or waits for the rules' write gate.
/// </summary>
public sealed class RestoreOrderingTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_saved_while_a_restore_runs_comes_wholly_before_it_so_the_port_is_never_taken_twice()
    {
        var hold = new HoldRuleSave("Racer");
        await using var panel = new PanelFactory
        {
            TestServices = services => services.ConfigureDbContext<PortFwdDbContext>((_, o) => o.AddInterceptors(hold)),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var echo = await api.CreateRuleAsync(PanelApi.Rule("Echo", port), Ct);
        using var backupResponse = await api.GetAsync("/api/backup", Ct);
        Assert.Equal(HttpStatusCode.OK, backupResponse.StatusCode);
        var backup = await backupResponse.Content.ReadAsStringAsync(Ct);
        (await api.DeleteAsync($"/api/rules/{echo["id"]}", Ct)).Dispose();

        // The save has checked the port (free now) and is about to write.
        var save = api.PostJsonAsync("/api/rules", PanelApi.Rule("Racer", port), Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        using var restoreRequest = new HttpRequestMessage(HttpMethod.Post, "/api/restore") { Content = PanelApi.Json(backup) };
        var restore = api.SendAsync(restoreRequest, Ct);
        var gate = panel.Services.GetRequiredService<RuleStore>().Writes;
        await UntilAsync(() => restore.IsCompleted || gate.Waiting > 0);
        hold.Release();

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

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "neither did the restore finish nor wait for the rules' write gate in time");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>
    /// Holds the first save that adds the rule named <paramref name="name"/> until released: after its checks, before its
    /// transaction begins (so it holds no database lock meanwhile).
    /// </summary>
    private sealed class HoldRuleSave(string name) : DbTransactionInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            var adds = eventData.Context?.ChangeTracker.Entries<ForwardingRule>().Any(e => e.State == EntityState.Added && e.Entity.Name == name) == true;
            if (adds && Interlocked.Exchange(ref _held, 1) == 0)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }
}
