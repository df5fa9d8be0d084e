namespace PortFwd.Web.Tests.Api;

/// <summary>
/// One running panel for a test class, signed in with a bearer token. The configured URL makes the
/// panel's own port (18080) known under the test server, which has no real addresses.
/// </summary>
public sealed class SharedPanel : IAsyncLifetime
{
    public const int PanelPort = 18080;

    public PanelFactory Factory { get; } = new(settings: new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{PanelPort}" });

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
