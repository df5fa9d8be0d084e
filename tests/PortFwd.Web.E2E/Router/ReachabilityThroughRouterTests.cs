using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PortFwd.Testing.Testbed;
using PortFwd.Web.E2E.Forwarding;

namespace PortFwd.Web.E2E.Router;

/// <summary>
/// "Can the internet reach this rule?" through a real home router: miniupnpd in the testbed's namespaces, the relay on
/// the LAN veth (where the router sends the port), and probe.py in pf-wan as the outside probe and the echo service.
/// The probe connects back to the router's WAN address, so the internet step passes only when the whole way in works.
/// </summary>
[Collection(IgdTestbedCollection.Name)]
public sealed class ReachabilityThroughRouterTests(IgdTestbed testbed, TestbedProbe probe) : IClassFixture<TestbedProbe>
{
    private static readonly TimeSpan MappedWithin = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_opened_on_the_router_to_a_running_service_passes_every_step_and_fails_at_the_relay_once_turned_off()
    {
        await using var scene = await StartAsync();
        var (env, api, echo, port) = (scene.Env, scene.Api, scene.Echo, scene.Port);
        var id = await scene.CreateRuleAsync(openOnRouter: true);
        await WaitUntilOpenAsync(api, id);

        var check = await CheckAsync(api, id);

        Assert.True(check.GetProperty("reachable").GetBoolean(), check.ToString());
        Assert.False(check.GetProperty("running").GetBoolean());
        Assert.Equal("Reachable from the internet", check.GetProperty("summary").GetString());
        AssertStep(check, "service", "pass", [$"127.0.0.1:{echo.Port}", "accepts connections"]);
        AssertStep(check, "relay", "pass", ["PortFwd listens on", $"{env.LanHost}:{port}"]);
        AssertStep(check, "router", "pass", [$"The router forwards TCP {port} to this machine ({env.LanHost})", "lease"]);
        AssertStep(check, "publicAddress", "pass", [$"The router's address {env.RouterWan} is public", "it is the address the internet sees", $"asked {env.WanHost}"]);
        AssertStep(check, "internet", "pass", [$"{env.WanHost} connected to {env.RouterWan}:{port} from the internet"]);
        AssertStep(check, "name", "skipped", ["No Dynamic DNS name is set up", $"{env.RouterWan}:{port}"], ["Dynamic DNS page"]);

        await api.UpdateAsync(id, scene.Rule(openOnRouter: true, enabled: false), Ct);
        await api.WaitForStateAsync(id, "disabled", TimeSpan.FromSeconds(10), Ct);

        // Within the probe's interval its last answer (from before the rule was saved) does not speak for the rule.
        var soon = await CheckAsync(api, id);

        Assert.False(soon.GetProperty("reachable").GetBoolean(), soon.ToString());
        Assert.Equal("Not listening", soon.GetProperty("summary").GetString());
        AssertStep(soon, "relay", "fail", ["The rule is turned off", $"does not listen on TCP port {port}"], ["Turn the rule on"]);
        AssertStep(soon, "internet", "skipped", ["Not tried again: the rule was saved after the outside probe last tried"], ["Check again in a few seconds"]);

        var off = await CheckUntilProbedAgainAsync(api, id);

        Assert.False(off.GetProperty("reachable").GetBoolean(), off.ToString());
        Assert.Equal("Not listening", off.GetProperty("summary").GetString());
        AssertStep(off, "service", "pass", ["accepts connections"]);
        AssertStep(off, "relay", "fail", ["The rule is turned off", $"does not listen on TCP port {port}"], ["Turn the rule on"]);
        AssertStep(off, "router", "fail", [$"The router does not forward TCP {port}", "the rule is turned off"], ["Turn the rule on"]);
        AssertStep(off, "publicAddress", "pass", [$"{env.RouterWan} is public"]);
        AssertStep(off, "internet", "fail", [$"could not connect to {env.RouterWan}:{port}"], ["PortFwd is not listening on the port: fix the relay step first"]);
    }

    [Fact]
    public async Task A_rule_whose_service_is_not_running_fails_the_service_step_with_what_to_start()
    {
        await using var scene = await StartAsync();
        var (env, api, port) = (scene.Env, scene.Api, scene.Port);
        var nothing = LoopbackPorts.Free();
        var id = await scene.CreateRuleAsync(openOnRouter: true, internalPort: nothing);
        await WaitUntilOpenAsync(api, id);

        var check = await CheckAsync(api, id);

        Assert.False(check.GetProperty("reachable").GetBoolean(), check.ToString());
        Assert.Equal("Service not answering", check.GetProperty("summary").GetString());
        AssertStep(check, "service", "fail", [$"Nothing listens at 127.0.0.1:{nothing}", "refused"],
            ["Start the service on 127.0.0.1", $"listens on port {nothing}"]);
        AssertStep(check, "relay", "pass", ["PortFwd listens on"]);
        AssertStep(check, "router", "pass", [$"forwards TCP {port} to this machine"]);
        AssertStep(check, "publicAddress", "pass", [$"{env.RouterWan} is public"]);
        // The relay takes the probe's connection even with nothing behind it: the service step is what tells.
        AssertStep(check, "internet", "pass", [$"connected to {env.RouterWan}:{port}"]);
        AssertStep(check, "name", "skipped", ["No Dynamic DNS name"]);
    }

    [Fact]
    public async Task With_open_on_router_off_the_router_step_says_what_to_forward_by_hand_and_the_port_is_closed_at_the_router()
    {
        await using var scene = await StartAsync();
        var (env, api, port) = (scene.Env, scene.Api, scene.Port);
        var id = await scene.CreateRuleAsync(openOnRouter: false);
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
        await WaitForRouterAsync(api, "found");

        var check = await CheckAsync(api, id);

        Assert.False(check.GetProperty("reachable").GetBoolean(), check.ToString());
        Assert.Equal("Closed at the router", check.GetProperty("summary").GetString());
        AssertStep(check, "service", "pass", ["accepts connections"]);
        AssertStep(check, "relay", "pass", [$"{env.LanHost}:{port}"]);
        AssertStep(check, "router", "warn", [$"The router does not forward TCP {port}", "\"Open on router\" is off"],
            [$"forward TCP {port} to {env.LanHost} port {port}", "Port forwarding", "turn on \"Open on router\""]);
        AssertStep(check, "publicAddress", "pass", [$"{env.RouterWan} is public"]);
        AssertStep(check, "internet", "fail", [$"could not connect to {env.RouterWan}:{port}"], ["The router does not forward the port to this machine"]);
        AssertStep(check, "name", "skipped", ["No Dynamic DNS name"]);
    }

    [Fact]
    public async Task Behind_carrier_grade_nat_the_public_address_step_explains_it_and_the_rule_is_not_reachable()
    {
        await using var scene = await StartAsync(new TestbedSettings(Stun: false));
        var (env, api, port) = (scene.Env, scene.Api, scene.Port);
        var id = await scene.CreateRuleAsync(openOnRouter: true);
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
        await WaitForRouterAsync(api, "found");
        // The router refuses the mapping (no public address): wait until PortFwd has asked and heard so.
        await api.WaitForRouterStateAsync(id, "error", TimeSpan.FromSeconds(20), Ct);

        var check = await CheckAsync(api, id);

        Assert.False(check.GetProperty("reachable").GetBoolean(), check.ToString());
        AssertStep(check, "service", "pass", ["accepts connections"]);
        AssertStep(check, "relay", "pass", [$"{env.LanHost}:{port}"]);
        AssertStep(check, "router", "fail", [$"The router does not forward TCP {port}"], ["UPnP"]);
        AssertStep(check, "publicAddress", "fail", ["no public IPv4 address of its own", "carrier-grade NAT", "cannot be reached from the internet over IPv4"],
            ["Ask the provider for a public IPv4 address", "IPv6"]);
        AssertStep(check, "internet", "fail", ["could not connect to"]);
        AssertStep(check, "name", "skipped", ["No Dynamic DNS name"]);
    }

    [Fact]
    public async Task A_dynamic_dns_name_passes_when_it_resolves_to_the_routers_address_and_fails_when_it_points_elsewhere()
    {
        await using var dyndns = await HttpBackend.StartAsync(context => context.Response.WriteAsync("good"));
        await using var scene = await StartAsync();
        var (env, server, api, port) = (scene.Env, scene.Server, scene.Api, scene.Port);
        var id = await scene.CreateRuleAsync(openOnRouter: true);
        using (var created = await api.Http.PostAsJsonAsync("/api/ddns", new
        {
            provider = "dyndns2",
            hostname = "home.example.net",
            username = "me",
            password = "pw",
            server = $"http://127.0.0.1:{dyndns.Port}/",
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await WaitUntilOpenAsync(api, id);
        server.Dns["home.example.net"] = env.RouterWan;

        var named = await CheckAsync(api, id);

        Assert.True(named.GetProperty("reachable").GetBoolean(), named.ToString());
        AssertStatuses(named, "pass", "pass", "pass", "pass", "pass", "pass");
        AssertStep(named, "internet", "pass", [$"connected to {env.RouterWan}:{port}"]);
        AssertStep(named, "name", "pass", [$"home.example.net resolves to the public address {env.RouterWan}"]);

        var elsewhere = IPAddress.Parse("203.0.113.7");
        server.Dns["home.example.net"] = elsewhere;

        var moved = await CheckAsync(api, id);

        AssertStatuses(moved, "pass", "pass", "pass", "pass", "pass", "fail");
        AssertStep(moved, "name", "fail", [$"home.example.net resolves to {elsewhere}, not the public address {env.RouterWan}"],
            ["last update of home.example.net on the Dynamic DNS page"]);
        // The rule is still reached at its address: a name pointing elsewhere is a broken link of its own, not of the rule.
        Assert.True(moved.GetProperty("reachable").GetBoolean(), moved.ToString());
    }

    [Fact]
    public async Task Two_checks_of_a_rule_within_ten_seconds_ask_the_probe_once()
    {
        await using var scene = await StartAsync();
        var (api, port) = (scene.Api, scene.Port);
        var id = await scene.CreateRuleAsync(openOnRouter: true);
        await WaitUntilOpenAsync(api, id);

        var before = TestbedProbe.PortTests(await probe.RequestsUpToNowAsync(Ct), port);

        var first = await CheckAsync(api, id);
        var second = await CheckAsync(api, id);

        Assert.Equal(before + 1, TestbedProbe.PortTests(await probe.RequestsUpToNowAsync(Ct), port));
        Assert.True(second.GetProperty("checkedAt").GetDateTimeOffset() > first.GetProperty("checkedAt").GetDateTimeOffset(), "the second check ran again");
        Assert.True(second.GetProperty("reachable").GetBoolean(), second.ToString());
        AssertStatuses(first, "pass", "pass", "pass", "pass", "pass", "skipped");
        AssertStatuses(second, "pass", "pass", "pass", "pass", "pass", "skipped");
        Assert.Equal(Step(first, "internet").GetProperty("message").GetString(), Step(second, "internet").GetProperty("message").GetString());
    }

    /// <summary>The testbed with these settings, probe.py in its WAN namespace, an echo service on 127.0.0.1, and a panel
    /// whose router client, relay, probe and echo service for the public address are all on the testbed.</summary>
    private async Task<Scene> StartAsync(TestbedSettings? settings = null)
    {
        var env = await testbed.UseAsync(settings);
        if (await probe.StartAsync(env, Ct) is { } reason)
        {
            Assert.Skip(reason);
        }

        var server = new PanelServer(new Dictionary<string, string>
        {
            ["PortFwd:Router:Enabled"] = "true",
            ["PortFwd:Router:LocalAddress"] = env.LanHost.ToString(),
            ["PortFwd:Router:DescriptionUrl"] = env.DescriptionUrl.ToString(),
            ["PortFwd:Router:Gateway"] = env.Pcp.ToString(),
            // Where the router sends the port: the testbed's LAN veth, never every address of the machine.
            ["PortFwd:ListenAddress"] = env.LanHost.ToString(),
            ["PortFwd:Reachability:ProbeUrl"] = probe.PortUrlTemplate,
            ["PortFwd:PublicAddress:EchoUrls:0"] = probe.IpUrl.ToString(),
        });
        try
        {
            server.Start();
            var api = await PanelApi.SignInAsync(server.BaseUrl, PanelServer.AdminPassword, Ct);
            return new Scene(env, server, api, new EchoServer("reachability"), LoopbackPorts.Free(env.LanHost));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>One test's panel and service, and the external port of its rule.</summary>
    private sealed class Scene(TestbedEnv env, PanelServer server, PanelApi api, EchoServer echo, int port) : IAsyncDisposable
    {
        public TestbedEnv Env => env;

        public PanelServer Server => server;

        public PanelApi Api => api;

        public EchoServer Echo => echo;

        public int Port => port;

        /// <summary>A TCP rule on <see cref="Port"/> to the echo service (or to <paramref name="internalPort"/>); its id.</summary>
        public Task<int> CreateRuleAsync(bool openOnRouter, int? internalPort = null) =>
            api.CreateAsync(Rule(openOnRouter, internalPort: internalPort), Ct);

        public object Rule(bool openOnRouter, bool enabled = true, int? internalPort = null) => new
        {
            name = "Game server",
            protocol = "tcp",
            externalPort = port,
            internalHost = "127.0.0.1",
            internalPort = internalPort ?? echo.Port,
            openOnRouter,
            enabled,
        };

        public async ValueTask DisposeAsync()
        {
            api.Dispose();
            await server.DisposeAsync();
            await echo.DisposeAsync();
        }
    }

    /// <summary>Runs a check; its answer, after asserting the steps come in the chain's order.</summary>
    /// <summary>
    /// Until the router forwards the rule's port and the relay listens on it: the two apply a rule independently, and a
    /// check while the relay is still applying it reports just that.
    /// </summary>
    private static async Task WaitUntilOpenAsync(PanelApi api, int id)
    {
        await api.WaitForRouterStateAsync(id, "mapped", MappedWithin, Ct);
        await api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(10), Ct);
    }

    private static async Task<JsonElement> CheckAsync(PanelApi api, int id)
    {
        using var response = await api.Http.PostAsync(new Uri($"/api/rules/{id}/check", UriKind.Relative), null, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/rules/{id}/check answered {(int)response.StatusCode}: {body}");
        var check = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(id, check.GetProperty("ruleId").GetInt32());
        Assert.Equal(new[] { "service", "relay", "router", "publicAddress", "internet", "name" },
            check.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString() ?? "").ToArray());
        return check;
    }

    /// <summary>Checks again (as a person would press "Check" again) until the probe's interval has passed and it was asked anew.</summary>
    private static async Task<JsonElement> CheckUntilProbedAgainAsync(PanelApi api, int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var check = await CheckAsync(api, id);
            if (Step(check, "internet").GetProperty("status").GetString() != "skipped" || DateTime.UtcNow >= deadline)
            {
                return check;
            }

            await Task.Delay(500, Ct);
        }
    }

    private static JsonElement Step(JsonElement check, string name) =>
        check.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>Every step's status, in the chain's order (service, relay, router, publicAddress, internet, name).</summary>
    private static void AssertStatuses(JsonElement check, params string[] statuses) =>
        Assert.True(statuses.SequenceEqual(check.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString() ?? "")), check.ToString());

    /// <summary>The step's status, and the words its message (and fix) must contain; a passed step has no fix.</summary>
    private static void AssertStep(JsonElement check, string name, string status, string[] message, string[]? fix = null)
    {
        var step = Step(check, name);
        Assert.True(step.GetProperty("status").GetString() == status, $"{name} is not {status}: {step}");
        var text = step.GetProperty("message").GetString() ?? "";
        foreach (var words in message)
        {
            Assert.True(text.Contains(words, StringComparison.Ordinal), $"{name}'s message lacks \"{words}\": {text}");
        }

        var fixText = step.TryGetProperty("fix", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : null;
        if (status == "pass")
        {
            Assert.True(fixText is null, $"a passed {name} step needs no fix: {fixText}");
        }

        foreach (var words in fix ?? [])
        {
            Assert.True(fixText?.Contains(words, StringComparison.Ordinal) == true, $"{name}'s fix lacks \"{words}\": {fixText}");
        }
    }

    /// <summary>The panel's router client got this far with the testbed's router (GET /api/router).</summary>
    private static async Task WaitForRouterAsync(PanelApi api, string state)
    {
        var deadline = DateTime.UtcNow + MappedWithin;
        string? last;
        do
        {
            last = await api.Http.GetStringAsync(new Uri("/api/router", UriKind.Relative), Ct);
            if (JsonDocument.Parse(last).RootElement.GetProperty("state").GetString() == state)
            {
                return;
            }

            await Task.Delay(100, Ct);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"The router client did not become {state} within {MappedWithin.TotalSeconds} s; last: {last}");
    }
}
