using System.Net;

namespace PortFwd.Web.Tests.Api;

/// <summary>Everything lives in the SQLite file: a new app on the same data directory finds it all again.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Rules_accounts_and_tokens_survive_an_app_restart_on_the_same_file_and_rules_listen_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = PanelFactory.NewDataDirectory();
        try
        {
            string token;
            string rulesBefore;
            int live;
            await using (var first = new PanelFactory(directory))
            {
                token = await first.RequestTokenAsync(ct);
                using var api = first.BearerClient(token);
                await api.CreateRuleAsync(PanelApi.Rule("Kept web", 8443), ct);
                var http = PanelApi.Rule("Kept blog", 8444, "http");
                http["hostNames"] = new System.Text.Json.Nodes.JsonArray("blog.example.com");
                http["pathPrefix"] = "/blog";
                await api.CreateRuleAsync(http, ct);
                await api.CreateRuleAsync(PanelApi.Rule("Kept off", 8445, "udp", enabled: false), ct);
                live = LoopbackPorts.Free();
                await api.CreateRuleAsync(PanelApi.Rule("Kept live", live), ct);
                await LoopbackPorts.WaitUntilAsync(live, accepting: true, ct);
                rulesBefore = (await api.ListRulesAsync(ct)).ToJsonString();
                Assert.Equal(4, (await api.ListRulesAsync(ct)).Count);
            }

            Assert.Equal(4, (await PanelApi.ReadRuleRowsAsync(Path.Combine(directory, "portfwd.db"), ct)).Count);
            // Stopping the app closes what it opened; the next start opens it again from the file alone.
            await LoopbackPorts.WaitUntilAsync(live, accepting: false, ct);

            // No admin password this time: the account must come from the file, not from seeding.
            await using var second = new PanelFactory(directory, adminPassword: null);
            using var oldToken = second.BearerClient(token);
            Assert.Equal(rulesBefore, (await oldToken.ListRulesAsync(ct)).ToJsonString());
            await LoopbackPorts.WaitUntilAsync(live, accepting: true, ct);

            using var newToken = second.BearerClient(await second.RequestTokenAsync(ct));
            Assert.Equal(rulesBefore, (await newToken.ListRulesAsync(ct)).ToJsonString());

            using var browser = second.BrowserClient();
            using var page = await browser.GetAsync("/", ct);
            Assert.StartsWith("/login", page.RedirectTarget(), StringComparison.Ordinal);
            using var signIn = await browser.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, ct);
            Assert.Equal("/", signIn.RedirectTarget());
            using var home = await browser.GetAsync("/", ct);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Equal("4", (await home.ReadDocumentAsync(ct)).QuerySelector("#rules-total")?.TextContent.Trim());
        }
        finally
        {
            PanelFactory.DeleteDataDirectory(directory);
        }
    }
}
