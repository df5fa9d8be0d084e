using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts.Sessions;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>
/// Two requests ending the same browser at once: the browser is signed out once and the audit log records it once. The
/// first request is held after it read the sessions it ends, just before it writes; the second goes on until it is done
/// or waits for the first.
/// </summary>
public sealed class SessionEndingOrderTests
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ending_every_session_while_one_of_them_is_ended_alone_signs_each_out_once_with_one_audit_entry_each()
    {
        var hold = new HoldSessionDeletes();
        await using var panel = new PanelFactory
        {
            TestServices = services => services.ConfigureDbContext<PortFwdDbContext>((_, o) => o.AddInterceptors(hold)),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        using var firefox = await SignedInAsync(panel, Firefox);
        using var chrome = await SignedInAsync(panel, Chrome);
        using var listed = await api.GetAsync("/api/sessions", Ct);
        var sessions = (await listed.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
        var firefoxId = (int)sessions.Single(s => (string)s!["userAgent"]! == Firefox)!["id"]!;

        // "Sign out everywhere" (a token keeps no session: both go) has read both sessions and is about to delete them.
        var endAll = api.DeleteAsync("/api/sessions", Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        var endOne = api.DeleteAsync($"/api/sessions/{firefoxId}", Ct);
        var ending = panel.Services.GetRequiredService<PanelSessions>().Ending;
        await UntilAsync(() => endOne.IsCompleted || ending.Waiting > 0);
        hold.Release();

        using var all = await endAll.WaitAsync(Within, Ct);
        using var one = await endOne.WaitAsync(Within, Ct);

        // The first came first: it ended both, and the second found Firefox's session already gone.
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(2, (int)(await all.ReadObjectAsync(Ct))["ended"]!);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
        foreach (var browser in new[] { firefox, chrome })
        {
            using var refused = await browser.GetAsync("/api/rules", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var db = await panel.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Sessions.CountAsync(Ct));
        var entries = await db.AuditEntries.Where(e => e.Action == AuditActions.SessionRevoke).Select(e => e.Target).ToListAsync(Ct);
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, t => t.StartsWith($"session {firefoxId} ", StringComparison.Ordinal));
    }

    private static async Task<HttpClient> SignedInAsync(PanelFactory factory, string userAgent)
    {
        var browser = factory.BrowserClient();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Ct);
        Assert.Equal("/", signIn.RedirectTarget());
        return browser;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the second request neither finished nor waited for the first in time");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>Holds the first save that deletes two sessions at once, before it writes, until released.</summary>
    private sealed class HoldSessionDeletes : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var deletes = eventData.Context?.ChangeTracker.Entries<PanelSession>().Count(e => e.State == EntityState.Deleted) ?? 0;
            if (deletes >= 2 && Interlocked.Exchange(ref _held, 1) == 0)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }
}
