using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFwd.Testing.Logging;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// The real app on the test server with a real SQLite file in a data directory of its own.
/// Settings go in through <see cref="IWebHostBuilder.UseSetting"/> because Program.cs reads the
/// PortFwd section before <c>Build()</c>, earlier than ConfigureAppConfiguration would apply.
/// </summary>
public sealed class PanelFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "test-Passw0rd!";

    private readonly bool _ownsDirectory;
    private readonly string? _adminPassword;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="dataDirectory">An existing directory to keep (restart tests); null for a fresh one deleted on dispose.</param>
    /// <param name="adminPassword">Seeds the "admin" account; null leaves the panel without an account.</param>
    /// <param name="settings">More configuration, e.g. <c>urls</c>.</param>
    public PanelFactory(string? dataDirectory = null, string? adminPassword = AdminPassword, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _adminPassword = adminPassword;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string DataDirectory { get; }

    /// <summary>When set before the app starts, replaces or adds services after the app's own (fakes).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>When set before the app starts, the app's <see cref="TimeProvider"/>.</summary>
    public TimeProvider? Clock { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "portfwd.db");

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("portfwd-web-tests-").FullName;

    /// <summary>
    /// Closes the pooled SQLite connections of this data directory's database only. Clearing every pool in the
    /// process would close other tests' databases under them (on a full disk, closing a database's last connection
    /// deletes its WAL file and frees the very space a test is counting on).
    /// </summary>
    public static void ReleaseDatabase(string dataDirectory)
    {
        using var connection = new SqliteConnection(PortFwd.Data.PortFwdDatabase.ConnectionString(Path.GetFullPath(dataDirectory)));
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Deletes a test's data directory. A pooled SQLite connection still held by a background task when the host stopped
    /// is closed only when it is returned, and can leave a -wal/-shm file behind just after the directory was read
    /// ("Directory not empty", seen once in a full run): the pool is released again and the delete tried again, a few times.
    /// </summary>
    public static void DeleteDataDirectory(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            ReleaseDatabase(directory);
            if (!Directory.Exists(directory))
            {
                return;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("PortFwd:DataDirectory", DataDirectory);
        builder.UseSetting("PortFwd:AdminPassword", _adminPassword ?? "");
        builder.UseSetting("PortFwd:Router:Enabled", "false");
        // Never the public "what is my IP" services: a test that needs one sets a fake on 127.0.0.1.
        builder.UseSetting("PortFwd:PublicAddress:EchoUrls", "");
        // Nor the public reachability probe: a test of the check points it at a fake on 127.0.0.1 or the testbed's probe.
        builder.UseSetting("PortFwd:Reachability:ProbeUrl", "");
        // Nor Let's Encrypt: an acme rule waits ("no ACME CA is set") unless a test gives Pebble's directory.
        builder.UseSetting("PortFwd:Acme:DirectoryUrl", "");
        builder.UseSetting("PortFwd:Acme:StagingDirectoryUrl", "");
        // Saved rules really listen (the reconciler applies them): keep them on loopback.
        builder.UseSetting("PortFwd:ListenAddress", "127.0.0.1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Warnings and errors go to the output of the test that caused them, not to the console; requests
        // carry the calling test's context, so a panel shared by a class's tests logs to the right one.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(LogLevel.Warning)));
        builder.ConfigureServices(services => services.Configure<TestServerOptions>(o => o.PreserveExecutionContext = true));
        // No test looks a name up in real DNS (a Dynamic DNS name, a rule's target): every name but localhost "does not resolve" unless a test says otherwise.
        builder.ConfigureTestServices(services => services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver()));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (TestServices is { } testServices)
        {
            builder.ConfigureTestServices(testServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ReleaseDatabase(DataDirectory);
        if (_ownsDirectory)
        {
            DeleteDataDirectory(DataDirectory);
        }
    }
}
