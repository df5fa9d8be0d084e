namespace PortFwd.Web.Hosting;

/// <summary>
/// <c>PortFwd.Web --health-probe</c>: asks the running panel's <c>/healthz</c> and exits 0 when healthy.
/// The container image has no curl, so its HEALTHCHECK uses this.
/// </summary>
internal static class HealthProbe
{
    public static bool IsRequested(string[] args) => args.Contains("--health-probe", StringComparer.Ordinal);

    public static async Task<int> RunAsync()
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://localhost:8080";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0]
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await client.GetAsync(new Uri(new Uri(first), "/healthz"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}
