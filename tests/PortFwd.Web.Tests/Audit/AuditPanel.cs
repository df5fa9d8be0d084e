using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Audit;

/// <summary>
/// The real app for audit tests: requests come from <see cref="DefaultAddress"/>, or from the address a test puts in
/// <see cref="AddressHeader"/> (the test server has no sockets, so no client address of its own).
/// </summary>
public static class AuditPanel
{
    public const string AddressHeader = "X-Test-Client-Address";
    public static readonly IPAddress DefaultAddress = IPAddress.Parse("192.0.2.10");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Adds the client-address stand-in to a panel's services (before the app's own middleware).</summary>
    public static void AddClientAddresses(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new ClientAddressFilter());

    /// <summary>The audit log as <c>GET /api/audit?{query}</c> answers it; the status must be 200.</summary>
    public static async Task<JsonArray> AuditAsync(this HttpClient api, string query = "")
    {
        using var response = await api.GetAsync($"/api/audit?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    /// <summary>The newest entry of <paramref name="action"/>.</summary>
    public static async Task<JsonObject> NewestAsync(this HttpClient api, string action) =>
        Assert.IsType<JsonObject>((await api.AuditAsync($"action={action}&limit=1")).Single());

    /// <summary>Who, from where, what and which: the parts every entry has.</summary>
    public static (string? Actor, string? Via, string? Address, string? Action, string? Target) Summary(JsonNode entry) =>
        ((string?)entry["actor"], (string?)entry["via"], (string?)entry["clientAddress"], (string?)entry["action"], (string?)entry["target"]);

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(AddressHeader, out var given)
                    ? IPAddress.Parse(given.ToString())
                    : DefaultAddress;
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>One panel per test class with the client-address stand-in, signed in with a bearer token as admin.</summary>
public sealed class SharedAuditPanel : IAsyncLifetime
{
    public PanelFactory Factory { get; } = new() { TestServices = AuditPanel.AddClientAddresses };

    public HttpClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Api = Factory.BearerClient(await Factory.RequestTokenAsync(CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }
}
