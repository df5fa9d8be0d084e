using Microsoft.Extensions.DependencyInjection;

namespace PortFwd.Web.Tests.Api;

/// <summary>
/// One running panel for a test class, signed in with a bearer token. The configured URL makes the
/// panel's own port (18080) known under the test server, which has no real addresses.
/// </summary>
public sealed class SharedPanel : IAsyncLifetime
{
    public const int PanelPort = 18080;

    private PortFwd.Web.Hosting.IHostNameResolver? _resolver;
    private PanelFactory? _factory;

    public PanelFactory Factory => _factory ??= new(settings: new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{PanelPort}" })
    {
        TestServices = _resolver is { } resolver ? services => services.AddSingleton(resolver) : null,
    };

    /// <summary>A panel whose host-name lookups answer what <paramref name="resolver"/> says, instead of the test default (only localhost resolves).</summary>
    public static SharedPanel Answering(PortFwd.Web.Hosting.IHostNameResolver resolver) => new() { _resolver = resolver };

    public HttpClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var token = await Factory.RequestTokenAsync(CancellationToken.None);
        Api = Factory.BearerClient(token);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }
}
