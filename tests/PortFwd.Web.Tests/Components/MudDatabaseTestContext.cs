using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Data;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// A component test on the real SQLite database of a data directory of its own: the directory is made with the
/// services, the database migrated before the first test, both let go and deleted after the last. Renders as live
/// unless a test says otherwise. Nothing is resolved before <see cref="InitializeAsync"/>, so a subclass's constructor
/// may still add services (a clock, authorization).
/// </summary>
public abstract class MudDatabaseTestContext : MudTestContext, IAsyncLifetime
{
    /// <param name="prefix">The temporary directory's name prefix (which test left it, if one is ever left).</param>
    /// <param name="addServices">The component's services, given the data directory.</param>
    protected MudDatabaseTestContext(string prefix, Action<IServiceCollection, string> addServices)
        : this(Directory.CreateTempSubdirectory(prefix), addServices)
    {
    }

    private MudDatabaseTestContext(DirectoryInfo dataDirectory, Action<IServiceCollection, string> addServices)
        : base(services => addServices(services, dataDirectory.FullName))
    {
        DataDirectory = dataDirectory.FullName;
    }

    protected string DataDirectory { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        RenderAsLive();
        await PortFwdDatabase.MigrateAsync(Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), Ct);
    }

    public new virtual async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Api.PanelFactory.ReleaseDatabase(DataDirectory);
        Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
