using Bunit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Data.Storage;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Components;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The rule form, saving to a database whose disk is full, shows the sentence the API answers.</summary>
public sealed class RuleDialogDiskFullTests : MudTestContext
{
    [Fact]
    public async Task Saving_on_a_full_disk_shows_the_same_sentence_as_the_api_and_keeps_the_form_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = PanelFactory.NewDataDirectory();
        try
        {
            var factory = new Factory(new DbContextOptionsBuilder<PortFwdDbContext>()
                .UseSqlite(PortFwdDatabase.ConnectionString(directory)).AddInterceptors(new DiskFullOnSave()).Options);
            await PortFwdDatabase.MigrateAsync(factory, ct);
            var certificates = new PortFwd.Data.Certificates.CertificateStore(factory, TimeProvider.System);
            Services.AddSingleton(new RuleStore(factory, certificates, new RuleChangeSignal(), TimeProvider.System));
            Services.AddSingleton(certificates);
            RuleDialogHost.AddMachine(Services);
            Services.AddSingleton(new PortFwd.Data.Storage.DatabaseWrites());
            RenderAsLive();

            var dialogs = await RuleDialogHost.SaveWebServerOn8080Async(this);

            dialogs.WaitForAssertion(() => Assert.Equal(StorageFailure.DiskFull.Message, dialogs.Find(".mud-alert").TextContent.Trim()));
            Assert.NotNull(dialogs.Find("#rule-dialog"));
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(directory);
        }
    }

    /// <summary>What SQLite answers when the disk has no room for the write.</summary>
    private sealed class DiskFullOnSave : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
    }

    private sealed class Factory(DbContextOptions<PortFwdDbContext> options) : IDbContextFactory<PortFwdDbContext>
    {
        public PortFwdDbContext CreateDbContext() => new(options);
    }
}
