using System.Net;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The data directory on a disk that fills up: the API says so in a sentence, health degrades, nothing is lost.</summary>
public sealed class DataDiskFullTests
{
    private const string DiskFullSentence = "The data disk is full; nothing was saved. Free some space and try again.";

    [Fact]
    public async Task A_full_data_disk_answers_the_api_with_a_sentence_and_degrades_health_until_space_is_freed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var disk = SmallDisk.TryMount(megabytes: 8, out var whyNot);
        if (disk is null)
        {
            Assert.Skip(whyNot);
        }

        try
        {
            await using var panel = new PanelFactory(disk.Path);
            using var api = panel.BearerClient(await panel.RequestTokenAsync(ct));
            var kept = await api.CreateRuleAsync(PanelApi.Rule("Saved before", 18501), ct);
            Assert.Equal("Healthy", await HealthAsync(panel, ct));

            disk.Fill();
            // The small file the check writes finds the full disk before any save fails.
            Assert.Equal("Degraded", await HealthAsync(panel, ct));

            using (var refused = await api.PostJsonAsync("/api/rules", PanelApi.Rule("On a full disk", 18502), ct))
            {
                Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                var problem = await refused.ReadObjectAsync(ct);
                Assert.Equal(DiskFullSentence, (string?)problem["detail"]);
                Assert.Equal(507, (int?)problem["status"]);
            }

            Assert.Equal("Degraded", await HealthAsync(panel, ct));
            var rules = await api.ListRulesAsync(ct);
            Assert.Equal(kept.ToJsonString(), Assert.Single(rules)!.ToJsonString());

            disk.Free();

            Assert.Equal("Healthy", await HealthAsync(panel, ct));
            await api.CreateRuleAsync(PanelApi.Rule("After freeing space", 18502), ct);
            Assert.Equal(["Saved before", "After freeing space"], [.. (await api.ListRulesAsync(ct)).Select(r => (string?)r!["name"])]);
            Assert.Equal("Healthy", await HealthAsync(panel, ct));
        }
        finally
        {
            PortFwd.Web.Tests.Api.PanelFactory.ReleaseDatabase(disk.Path);
        }
    }

    private static async Task<string> HealthAsync(PanelFactory panel, CancellationToken ct)
    {
        using var client = panel.AnonymousClient();
        return await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), ct);
    }
}
