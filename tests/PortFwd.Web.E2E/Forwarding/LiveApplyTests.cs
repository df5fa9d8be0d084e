using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PortFwd.Web.E2E.Forwarding;

/// <summary>The real app on Kestrel: rules saved through the API are carried by the relay and YARP at once.</summary>
public sealed class LiveApplyTests : IAsyncLifetime
{
    // A bound, not a speed test: how fast a change is applied is measured in BENCHMARKS.md ("From save to open port");
    // here only that it is applied without a restart. One second was missed at a load of 33 on two cores.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly PanelServer _server = new();
    private PanelApi _api = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        _api = await PanelApi.SignInAsync(_server.BaseUrl, PanelServer.AdminPassword, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private static object Rule(string name, string protocol, int port, int targetPort, int? portEnd = null, bool enabled = true,
        string[]? hostNames = null, string[]? allowedSources = null, string? pathPrefix = null) => new
        {
            pathPrefix,
            name,
            protocol,
            externalPort = port,
            externalPortEnd = portEnd,
            internalHost = "127.0.0.1",
            internalPort = targetPort,
            enabled,
            hostNames = hostNames ?? [],
            allowedSources = allowedSources ?? [],
        };

    [Fact]
    public async Task A_tcp_rule_echoes_within_a_second_of_being_created()
    {
        await using var echo = new EchoServer("tcp-target");
        var port = LoopbackPorts.Free();
        var id = await _api.CreateAsync(Rule("Echo", "tcp", port, echo.Port), Ct);

        var status = await _api.WaitForStateAsync(id, "active", Bound, Ct);
        Assert.Equal($"tcp/127.0.0.1:{port}", status.GetProperty("listening")[0].GetString());
        Assert.Equal("tcp-target:hello", await Net.TcpRoundTripAsync(port, "hello", Ct));
    }

    [Fact]
    public async Task A_udp_rule_echoes()
    {
        await using var echo = new EchoServer("udp-target");
        var port = LoopbackPorts.Free();
        var id = await _api.CreateAsync(Rule("Game", "udp", port, echo.Port), Ct);

        await _api.WaitForStateAsync(id, "active", Bound, Ct);
        Assert.Equal("udp-target:ping", await Net.UdpRoundTripAsync(port, "ping", Ct));
        Assert.True(await Net.TcpRefusedAsync(port, Ct), "a udp rule must not open the TCP port");
    }

    [Fact]
    public async Task A_tcpudp_rule_carries_both()
    {
        await using var echo = new EchoServer("both");
        var port = LoopbackPorts.Free();
        var id = await _api.CreateAsync(Rule("Both", "tcpudp", port, echo.Port), Ct);

        var status = await _api.WaitForStateAsync(id, "active", Bound, Ct);
        Assert.Equal(2, status.GetProperty("listening").GetArrayLength());
        Assert.Equal("both:over tcp", await Net.TcpRoundTripAsync(port, "over tcp", Ct));
        Assert.Equal("both:over udp", await Net.UdpRoundTripAsync(port, "over udp", Ct));
    }

    [Fact]
    public async Task A_three_port_range_forwards_each_port_to_its_own_target_port()
    {
        var targetFirst = LoopbackPorts.FreeRange(3);
        var echoes = new List<EchoServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                echoes.Add(new EchoServer($"target{i}", targetFirst + i));
            }

            var first = LoopbackPorts.FreeRange(3);
            var id = await _api.CreateAsync(Rule("Range", "tcp", first, targetFirst, portEnd: first + 2), Ct);
            await _api.WaitForStateAsync(id, "active", Bound, Ct);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal($"target{i}:port {first + i}", await Net.TcpRoundTripAsync(first + i, $"port {first + i}", Ct));
            }
        }
        finally
        {
            foreach (var echo in echoes)
            {
                await echo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Toggling_a_rule_off_closes_its_port_and_on_opens_it_again()
    {
        await using var echo = new EchoServer("t");
        var port = LoopbackPorts.Free();
        var id = await _api.CreateAsync(Rule("Toggle", "tcp", port, echo.Port), Ct);
        await _api.WaitForStateAsync(id, "active", Bound, Ct);

        await _api.UpdateAsync(id, Rule("Toggle", "tcp", port, echo.Port, enabled: false), Ct);
        await _api.WaitForStateAsync(id, "disabled", Bound, Ct);
        Assert.True(await Net.WaitUntilRefusedAsync(port, Bound, Ct), "a disabled rule's port must be closed");

        await _api.UpdateAsync(id, Rule("Toggle", "tcp", port, echo.Port, enabled: true), Ct);
        await _api.WaitForStateAsync(id, "active", Bound, Ct);
        Assert.Equal("t:back", await Net.TcpRoundTripAsync(port, "back", Ct));
    }

    [Fact]
    public async Task Deleting_a_rule_closes_its_port()
    {
        await using var echo = new EchoServer("d");
        var port = LoopbackPorts.Free();
        var id = await _api.CreateAsync(Rule("Delete me", "tcp", port, echo.Port), Ct);
        await _api.WaitForStateAsync(id, "active", Bound, Ct);
        Assert.Equal("d:x", await Net.TcpRoundTripAsync(port, "x", Ct));

        await _api.DeleteAsync(id, Ct);
        Assert.True(await Net.WaitUntilRefusedAsync(port, Bound, Ct), "a deleted rule's port must be closed");
    }

    [Fact]
    public async Task A_port_held_by_another_program_shows_an_error_naming_it_and_heals_when_freed()
    {
        await using var echo = new EchoServer("heal");
        var port = LoopbackPorts.Free();
        var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, port));
        blocker.Listen();
        int id;
        try
        {
            id = await _api.CreateAsync(Rule("Blocked", "tcp", port, echo.Port), Ct);
            var status = await _api.WaitForStateAsync(id, "error", Bound, Ct);
            var message = status.GetProperty("message").GetString()!;
            Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
            Assert.Contains("in use", message, StringComparison.Ordinal);
        }
        finally
        {
            blocker.Dispose();
        }

        // The resync (every second in tests) retries it.
        await _api.WaitForStateAsync(id, "active", TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("heal:ok", await Net.TcpRoundTripAsync(port, "ok", Ct));
    }

    [Fact]
    public async Task Http_rules_share_a_port_by_host_name_and_pass_host_and_forwarded_for()
    {
        await using var backendA = await HttpBackend.StartAsync("A");
        await using var backendB = await HttpBackend.StartAsync("B");
        var port = LoopbackPorts.Free();
        var a = await _api.CreateAsync(Rule("Site A", "http", port, backendA.Port, hostNames: ["a.example.test"]), Ct);
        var b = await _api.CreateAsync(Rule("Site B", "http", port, backendB.Port, hostNames: ["b.example.test"]), Ct);
        await _api.WaitForStateAsync(a, "active", Bound, Ct);
        await _api.WaitForStateAsync(b, "active", Bound, Ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var seenByA = await GetAsync(http, port, "a.example.test", "/hello");
        Assert.Equal("A", seenByA.GetProperty("backend").GetString());
        Assert.Equal("a.example.test", seenByA.GetProperty("host").GetString());
        Assert.Equal("127.0.0.1", seenByA.GetProperty("forwardedFor").GetString());
        Assert.Equal("/hello", seenByA.GetProperty("path").GetString());

        var seenByB = await GetAsync(http, port, "b.example.test", "/");
        Assert.Equal("B", seenByB.GetProperty("backend").GetString());

        // A host no rule names gets a plain 404 page, never the panel.
        using var other = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        other.Headers.Host = "unknown.example.test";
        using var response = await http.SendAsync(other, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("No forwarding rule", page, StringComparison.Ordinal);
        Assert.DoesNotContain("PortFwd", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_rules_share_a_port_by_path_prefix_and_the_longest_prefix_wins()
    {
        await using var site = await HttpBackend.StartAsync("site");
        await using var app = await HttpBackend.StartAsync("app");
        await using var admin = await HttpBackend.StartAsync("admin");
        var port = LoopbackPorts.Free();
        int[] ids =
        [
            await _api.CreateAsync(Rule("Site", "http", port, site.Port), Ct),
            await _api.CreateAsync(Rule("App", "http", port, app.Port, pathPrefix: "/app"), Ct),
            await _api.CreateAsync(Rule("Admin", "http", port, admin.Port, pathPrefix: "/app/admin"), Ct),
        ];
        foreach (var id in ids)
        {
            await _api.WaitForStateAsync(id, "active", Bound, Ct);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (path, backend) in new[] { ("/app/admin/users?page=2", "admin"), ("/app/x", "app"), ("/app", "app"), ("/apple", "site"), ("/", "site") })
        {
            var seen = await GetAsync(http, port, "example.test", path);
            Assert.Equal(backend, seen.GetProperty("backend").GetString());
            // The whole path and query reach the service, prefix included.
            Assert.Equal(path.Split('?')[0], seen.GetProperty("path").GetString());
        }
    }

    [Fact]
    public async Task Http_rules_refuse_sources_outside_their_allow_list_and_add_no_trace_headers()
    {
        await using var backend = await HttpBackend.StartAsync(context => context.Response.WriteAsJsonAsync(new
        {
            traceparent = context.Request.Headers["traceparent"].ToString(),
        }));
        var port = LoopbackPorts.Free();
        var open = await _api.CreateAsync(Rule("Open", "http", port, backend.Port, hostNames: ["open.example.test"], allowedSources: ["127.0.0.0/8"]), Ct);
        var closed = await _api.CreateAsync(Rule("Closed", "http", port, backend.Port, hostNames: ["closed.example.test"], allowedSources: ["192.0.2.0/24"]), Ct);
        await _api.WaitForStateAsync(open, "active", Bound, Ct);
        await _api.WaitForStateAsync(closed, "active", Bound, Ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // The port adds no trace headers of its own; one the client sends passes through unchanged.
        Assert.Equal("", (await GetAsync(http, port, "open.example.test", "/")).GetProperty("traceparent").GetString());
        const string clientTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using (var traced = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/"))
        {
            traced.Headers.Host = "open.example.test";
            traced.Headers.Add("traceparent", clientTrace);
            using var response = await http.SendAsync(traced, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(clientTrace, seen.GetProperty("traceparent").GetString());
        }

        using var refused = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        refused.Headers.Host = "closed.example.test";
        using var answer = await http.SendAsync(refused, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("not allowed by this forwarding rule", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, int port, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = host;
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
