using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFwd.Testing.Logging;

namespace PortFwd.Web.E2E;

/// <summary>The real app on Kestrel at 127.0.0.1 with a fresh data directory.</summary>
public sealed class PanelServer(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "e2e-Passw0rd!";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("portfwd-e2e-").FullName;

    public string BaseUrl { get; private set; } = "";

    /// <summary>When set before the panel starts, its <see cref="TimeProvider"/> (a fake clock, with its time zone).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>What DNS answers for Dynamic DNS names (the Status page looks them up); a name not here does not resolve. No test asks real DNS.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, IPAddress> Dns { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("PortFwd:DataDirectory", DataDirectory);
        builder.UseSetting("PortFwd:AdminPassword", AdminPassword);
        builder.UseSetting("PortFwd:Router:Enabled", "false");
        // Never the public "what is my IP" services: a test that needs one sets a fake on 127.0.0.1.
        builder.UseSetting("PortFwd:PublicAddress:EchoUrls", "");
        // Nor the public reachability probe: a test of the check points it at a fake on 127.0.0.1 or the testbed's probe.
        builder.UseSetting("PortFwd:Reachability:ProbeUrl", "");
        // Nor Let's Encrypt: an acme rule waits ("no ACME CA is set") unless a test gives Pebble's directory.
        builder.UseSetting("PortFwd:Acme:DirectoryUrl", "");
        builder.UseSetting("PortFwd:Acme:StagingDirectoryUrl", "");
        // Rules opened by tests listen on loopback only, and a failed rule is retried every second.
        builder.UseSetting("PortFwd:ListenAddress", "127.0.0.1");
        builder.UseSetting("PortFwd:ResyncSeconds", "1");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Warnings and errors go to the output of the test that caused them, not to the console.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(LogLevel.Warning)));
        builder.ConfigureTestServices(services => services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new FakeDns(Dns)));
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>Answers what the test put in <see cref="Dns"/>, localhost as the hosts file does, and "no such name" otherwise.</summary>
    private sealed class FakeDns(System.Collections.Concurrent.ConcurrentDictionary<string, IPAddress> answers) : PortFwd.Web.Hosting.IHostNameResolver
    {
        public Task<IPAddress[]> ResolveIPv4Async(string hostName, CancellationToken ct) => answers.TryGetValue(hostName, out var address)
            ? Task.FromResult<IPAddress[]>([address])
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));

        public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken ct) =>
            string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase) ? Task.FromResult<IPAddress[]>([IPAddress.Loopback, IPAddress.IPv6Loopback])
            : ResolveIPv4Async(hostName, ct);
    }

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
