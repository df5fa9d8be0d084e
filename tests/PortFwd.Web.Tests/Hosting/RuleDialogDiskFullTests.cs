using Bunit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Data.Storage;
using PortFwd.Web.Components.Rules;
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
            Services.AddSingleton(new RuleStore(factory, new RuleChangeSignal(), TimeProvider.System));
            Services.AddSingleton(new PortFwd.Data.Certificates.CertificateStore(factory, TimeProvider.System));
            Services.AddSingleton(TimeProvider.System);
            Services.AddSingleton<IServer>(new NoServer());
            Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            Services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver());
            Services.AddSingleton<PortFwd.Web.Rules.PanelPorts>();
            Services.AddSingleton(new PortFwd.Data.Storage.DatabaseWrites());
            RenderAsLive();
            var dialogs = Render<MudDialogProvider>();
            await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<RuleDialog>("Add rule"));

            await dialogs.Find("#rule-name").InputAsync("Web server");
            await dialogs.Find("#rule-external-port").InputAsync("8080");
            await dialogs.Find("#rule-internal-host").InputAsync("192.168.1.20");
            await dialogs.Find("#rule-internal-port").InputAsync("80");
            await dialogs.Find("form").SubmitAsync();

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
