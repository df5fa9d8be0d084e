using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Web.Hosting;
using PortFwd.Web.Reachability;
using PortFwd.Testing;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;

namespace PortFwd.Web.Tests.Reachability;

/// <summary>
/// <c>POST /api/rules/{id}/check</c> through the real app on loopback: a real service socket, the real relay, and a fake
/// echoip probe on 127.0.0.1 that really connects back to the port it is asked about. (The router steps on a real
/// router are proven on the IGD testbed, in the E2E tests.)
/// </summary>
public sealed class ReachabilityApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_router_or_probe_the_local_links_pass_and_the_outside_ones_say_how_to_check_them()
    {
        using var service = Service.Start();
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var rule = await CreateActiveRuleAsync(api, port, service.Port);

        var check = await CheckAsync(api, rule);

        Assert.Equal((int)rule["id"]!, (int)check["ruleId"]!);
        Assert.Equal(["service", "relay", "router", "publicAddress", "internet", "name"], Names(check));
        Assert.Equal(["pass", "pass", "warn", "skipped", "skipped", "skipped"], Statuses(check));
        Assert.Equal($"127.0.0.1:{service.Port} accepts connections.", Message(check, "service"));
        Assert.Equal($"PortFwd listens on TCP 127.0.0.1:{port}.", Message(check, "relay"));
        Assert.Contains("the router client is switched off", Message(check, "router"));
        Assert.Contains($"forward TCP {port} to", Fix(check, "router"));
        Assert.Contains("the outside probe is off", Message(check, "internet"));
        Assert.Null((bool?)check["reachable"]);
        Assert.False((bool)check["running"]!);
        Assert.Equal("Not tried from the internet", (string?)check["summary"]);

        using var last = await api.GetAsync($"/api/rules/{rule["id"]}/check", Ct);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(check.ToJsonString(), (await last.ReadObjectAsync(Ct)).ToJsonString());
    }

    [Fact]
    public async Task The_probe_connecting_back_makes_the_rule_reachable_and_a_rule_turned_off_is_not()
    {
        using var service = Service.Start();
        await using var probe = await ConnectBackProbe.StartAsync();
        // A new probe answer after the rule is turned off, without waiting out the usual 10 s.
        var settings = new Dictionary<string, string?>(probe.Settings) { ["PortFwd:Reachability:ProbeIntervalSeconds"] = "1" };
        await using var panel = new PanelFactory(settings: settings);
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var rule = await CreateActiveRuleAsync(api, port, service.Port);

        var open = await CheckAsync(api, rule);

        Assert.Equal("pass", Status(open, "internet"));
        Assert.Equal($"127.0.0.1 connected to 127.0.0.1:{port} from the internet.", Message(open, "internet"));
        Assert.Equal("warn", Status(open, "publicAddress"));
        Assert.Contains("The internet sees this network at 127.0.0.1", Message(open, "publicAddress"));
        Assert.True((bool?)open["reachable"]);
        Assert.Equal("Reachable from the internet", (string?)open["summary"]);

        rule["enabled"] = false;
        using var off = await api.PutJsonAsync($"/api/rules/{rule["id"]}", rule, Ct);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        await LoopbackPorts.WaitUntilAsync(port, accepting: false, Ct);
        await UntilStateAsync(api, rule, "disabled");
        var closed = await CheckAfterProbeIntervalAsync(api, rule, probe);

        Assert.Equal("fail", Status(closed, "relay"));
        Assert.Equal("fail", Status(closed, "internet"));
        Assert.Contains("fix the relay step first", Fix(closed, "internet"));
        Assert.False((bool?)closed["reachable"]);
        Assert.Equal("Not listening", (string?)closed["summary"]);
    }

    [Fact]
    public async Task A_service_that_is_not_running_fails_the_first_step_with_what_to_do()
    {
        var stopped = LoopbackPorts.Free();
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var rule = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), stopped);

        var check = await CheckAsync(api, rule);

        Assert.Equal("fail", Status(check, "service"));
        Assert.Equal($"Nothing listens at 127.0.0.1:{stopped}: the connection was refused.", Message(check, "service"));
        Assert.Contains("Start the service on 127.0.0.1", Fix(check, "service"));
        Assert.False((bool?)check["reachable"]);
        Assert.Equal("Service not answering", (string?)check["summary"]);
    }

    [Fact]
    public async Task A_target_host_name_is_looked_up_the_panels_way_and_one_that_does_not_resolve_says_so()
    {
        using var service = Service.Start();
        await using var panel = new PanelFactory
        {
            TestServices = services => services.AddSingleton<IHostNameResolver>(new NasOnly(IPAddress.Loopback)),
        };
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var named = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), service.Port, host: "nas.lan");
        // The relay cannot apply it either (its error is the relay step's business): saved, not waited for.
        var unknownBody = PanelApi.Rule("Printer", LoopbackPorts.Free());
        unknownBody["internalHost"] = "printer.lan";
        unknownBody["internalPort"] = service.Port;
        var unknown = await api.CreateRuleAsync(unknownBody, Ct);
        await UntilStateAsync(api, unknown, "error");

        var found = await CheckAsync(api, named);
        var missing = await CheckAsync(api, unknown);

        Assert.Equal($"nas.lan:{service.Port} accepts connections.", Message(found, "service"));
        Assert.Equal("The name printer.lan does not resolve on this machine.", Message(missing, "service"));
        Assert.Contains("Use the device's IP address instead of printer.lan", Fix(missing, "service"));
        Assert.Equal("fail", Status(missing, "relay"));
        Assert.Contains("does not resolve", Message(missing, "relay"));
    }

    [Fact]
    public async Task An_HTTP_rule_counts_any_answer_of_its_web_server()
    {
        await using var web = await LocalHttpServer.StartAsync("gone", StatusCodes.Status404NotFound);
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var rule = PanelApi.Rule("Web", LoopbackPorts.Free(), protocol: "http");
        rule["internalHost"] = "127.0.0.1";
        rule["internalPort"] = web.BaseUrl.Port;
        rule["pathPrefix"] = "/app";
        var created = await api.CreateRuleAsync(rule, Ct);

        var check = await CheckAsync(api, created);

        Assert.Equal("pass", Status(check, "service"));
        Assert.Equal($"The web server at http://127.0.0.1:{web.BaseUrl.Port}/app answered 404 Not Found.", Message(check, "service"));
        Assert.Equal("/app", Assert.Single(web.Received).PathAndQuery);
    }

    [Fact]
    public async Task Two_checks_of_a_rule_within_the_interval_ask_the_probe_once_and_checks_at_the_same_time_are_one()
    {
        using var service = Service.Start();
        await using var probe = await ConnectBackProbe.StartAsync(holdAnswers: true);
        await using var panel = new PanelFactory(settings: probe.Settings);
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var rule = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), service.Port);

        // The first check waits at the probe, so a second one asked meanwhile is certainly "at the same time".
        var first = CheckAsync(api, rule);
        await probe.FirstAsk.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var stored = await panel.Services.GetRequiredService<PortFwd.Data.Rules.RuleStore>().GetAsync((int)rule["id"]!, Ct);
        Assert.True(panel.Services.GetRequiredService<ReachabilityChecker>().TryStart(stored!, out var joined));
        var second = CheckAsync(api, rule);
        probe.Release();
        var together = await Task.WhenAll(first, second);
        var again = await CheckAsync(api, rule);

        Assert.Equal((await joined).CheckedAt, DateTimeOffset.Parse((string)together[0]["checkedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual((string?)together[0]["checkedAt"], (string?)again["checkedAt"]);
        Assert.Equal("pass", Status(again, "internet"));
        Assert.Equal(1, probe.Asked);
    }

    [Fact]
    public async Task Checks_of_other_rules_beyond_the_limit_are_refused_with_429_until_one_ends()
    {
        using var service = Service.Start();
        await using var probe = await ConnectBackProbe.StartAsync(holdAnswers: true);
        var settings = new Dictionary<string, string?>(probe.Settings) { ["PortFwd:Reachability:MaxRunningChecks"] = "1" };
        await using var panel = new PanelFactory(settings: settings);
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var first = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), service.Port);
        var second = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), service.Port);

        var running = CheckAsync(api, first);
        await probe.FirstAsk.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var refused = await api.PostAsync($"/api/rules/{second["id"]}/check", null, Ct);
        var problem = await refused.ReadObjectAsync(Ct);
        using var sofar = await api.GetAsync($"/api/rules/{first["id"]}/check", Ct);
        var partial = await sofar.ReadObjectAsync(Ct);
        probe.Release();
        await running;
        var afterwards = await CheckAsync(api, second);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("Other rules' reachability checks are running; try again in a few seconds.", (string?)problem["detail"]);
        Assert.True((bool)partial["running"]!);
        Assert.Equal("Checking…", (string?)partial["summary"]);
        Assert.False((bool)afterwards["running"]!);
    }

    [Fact]
    public async Task Deleting_a_rule_forgets_its_last_check()
    {
        using var service = Service.Start();
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var rule = await CreateActiveRuleAsync(api, LoopbackPorts.Free(), service.Port);
        await CheckAsync(api, rule);
        var board = panel.Services.GetRequiredService<ReachabilityBoard>();
        Assert.NotNull(board.Get((int)rule["id"]!));

        using var deleted = await api.DeleteAsync($"/api/rules/{rule["id"]}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(board.Get((int)rule["id"]!));
    }

    [Fact]
    public async Task An_unknown_rule_is_404_and_a_rule_never_checked_says_so()
    {
        await using var panel = new PanelFactory();
        using var api = panel.BearerClient(await panel.RequestTokenAsync(Ct));
        var rule = await api.CreateRuleAsync(PanelApi.Rule("Never", LoopbackPorts.Free()), Ct);

        using var unknown = await api.PostAsync("/api/rules/9999/check", null, Ct);
        using var never = await api.GetAsync($"/api/rules/{rule["id"]}/check", Ct);
        using var anonymous = await panel.AnonymousClient().PostAsync($"/api/rules/{rule["id"]}/check", null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("There is no rule with id 9999.", (string?)(await unknown.ReadObjectAsync(Ct))["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        Assert.Equal("Not checked yet", (string?)(await never.ReadObjectAsync(Ct))["title"]);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<JsonObject> CreateActiveRuleAsync(HttpClient api, int port, int servicePort, string host = "127.0.0.1")
    {
        var body = PanelApi.Rule($"Game {port}", port);
        body["internalHost"] = host;
        body["internalPort"] = servicePort;
        var rule = await api.CreateRuleAsync(body, Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
        return rule;
    }

    private static async Task UntilStateAsync(HttpClient api, JsonObject rule, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await api.GetAsync($"/api/rules/{rule["id"]}/status", Ct);
            var status = (string?)(await response.ReadObjectAsync(Ct))["state"];
            if (status == state)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Rule {rule["id"]} is still {status}, not {state}, after 10 s.");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task<JsonObject> CheckAsync(HttpClient api, JsonObject rule)
    {
        using var response = await api.PostAsync($"/api/rules/{rule["id"]}/check", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync(Ct);
    }

    /// <summary>The probe is asked at most once per interval per rule: a test that needs a new answer waits the interval out.</summary>
    private static async Task<JsonObject> CheckAfterProbeIntervalAsync(HttpClient api, JsonObject rule, ConnectBackProbe probe)
    {
        var asked = probe.Asked;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var check = await CheckAsync(api, rule);
            if (probe.Asked > asked || DateTime.UtcNow > deadline)
            {
                return check;
            }

            await Task.Delay(200, Ct);
        }
    }

    private static List<string> Names(JsonObject check) => [.. check["steps"]!.AsArray().Select(s => (string)s!["name"]!)];

    private static List<string> Statuses(JsonObject check) => [.. check["steps"]!.AsArray().Select(s => (string)s!["status"]!)];

    private static JsonNode StepOf(JsonObject check, string name) => check["steps"]!.AsArray().Single(s => (string?)s!["name"] == name)!;

    private static string? Status(JsonObject check, string name) => (string?)StepOf(check, name)["status"];

    private static string Message(JsonObject check, string name) => (string)StepOf(check, name)["message"]!;

    private static string Fix(JsonObject check, string name) => (string?)StepOf(check, name)["fix"] ?? "";

    /// <summary>A LAN's DNS that knows one name, nas.lan.</summary>
    private sealed class NasOnly(IPAddress address) : IHostNameResolver
    {
        public Task<IPAddress[]> ResolveIPv4Async(string hostName, CancellationToken ct) => hostName == "nas.lan"
            ? Task.FromResult<IPAddress[]>([address])
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

        public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken ct) => ResolveIPv4Async(hostName, ct);
    }

    /// <summary>A TCP service on 127.0.0.1 that accepts every connection.</summary>
    private sealed class Service : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        private Service(TcpListener listener)
        {
            _listener = listener;
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Service Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new Service(listener);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }

    /// <summary>An echoip port test on 127.0.0.1 that really tries a TCP connection to 127.0.0.1 on the port it is asked about.</summary>
    private sealed class ConnectBackProbe : IAsyncDisposable
    {
        private readonly TaskCompletionSource _firstAsk = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private LocalHttpServer _server = null!;
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public Task FirstAsk => _firstAsk.Task;

        public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["PortFwd:Reachability:ProbeUrl"] = _server.BaseUrl + "port/{port}",
        };

        public static async Task<ConnectBackProbe> StartAsync(bool holdAnswers = false)
        {
            var probe = new ConnectBackProbe();
            if (!holdAnswers)
            {
                probe._release.SetResult();
            }

            probe._server = await LocalHttpServer.StartAsync(async context =>
            {
                Interlocked.Increment(ref probe._asked);
                probe._firstAsk.TrySetResult();
                await probe._release.Task.WaitAsync(context.RequestAborted);
                var port = int.Parse(context.Request.Path.Value!["/port/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var reachable = await LoopbackPorts.AcceptsAsync(port, context.RequestAborted);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($"{{\"ip\":\"127.0.0.1\",\"port\":{port},\"reachable\":{(reachable ? "true" : "false")}}}");
            });
            return probe;
        }

        public void Release() => _release.TrySetResult();

        public ValueTask DisposeAsync()
        {
            _release.TrySetResult();
            return _server.DisposeAsync();
        }
    }
}
