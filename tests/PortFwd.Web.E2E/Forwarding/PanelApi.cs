using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>The REST API of a running panel, signed in with a bearer token.</summary>
internal sealed class PanelApi : IDisposable
{
    private readonly HttpClient _http;

    private PanelApi(HttpClient http) => _http = http;

    /// <summary>The signed-in client, for calls this class has no method for.</summary>
    public HttpClient Http => _http;

    public static async Task<PanelApi> SignInAsync(string baseUrl, string password, CancellationToken ct)
    {
        // A bound, not a wait: the first request after a start JITs the sign-in path, which took over 10 s on a loaded machine.
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password }, ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new PanelApi(http);
    }

    /// <summary>Creates a rule and returns its id; fails the test unless the API answers 201.</summary>
    public async Task<int> CreateAsync(object rule, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/api/rules", rule, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rules answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    public async Task UpdateAsync(int id, object rule, CancellationToken ct)
    {
        using var response = await _http.PutAsJsonAsync($"/api/rules/{id}", rule, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync(new Uri($"/api/rules/{id}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<JsonElement> StatusAsync(int id, CancellationToken ct) =>
        await _http.GetFromJsonAsync<JsonElement>($"/api/rules/{id}/status", ct);

    /// <summary>Polls the rule's status until it has <paramref name="state"/>; returns it, or fails with the last one seen.</summary>
    public async Task<JsonElement> WaitForStateAsync(int id, string state, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement status;
        do
        {
            status = await StatusAsync(id, ct);
            if (status.GetProperty("state").GetString() == state)
            {
                return status;
            }

            await Task.Delay(20, ct);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Rule {id} did not become {state} within {within.TotalSeconds} s; last status: {status}");
        return status;
    }

    /// <summary>Polls the rule's status until its router part has <paramref name="state"/>; returns that part, or fails with the last status seen.</summary>
    public async Task<JsonElement> WaitForRouterStateAsync(int id, string state, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement status;
        do
        {
            status = await StatusAsync(id, ct);
            if (status.GetProperty("router") is { ValueKind: JsonValueKind.Object } router && router.GetProperty("state").GetString() == state)
            {
                return router.Clone();
            }

            await Task.Delay(100, ct);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"The router part of rule {id} did not become {state} within {within.TotalSeconds} s; last status: {status}");
        return default;
    }

    public void Dispose() => _http.Dispose();
}
