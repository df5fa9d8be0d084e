using System.Net;
using System.Net.Sockets;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Testing.Logging;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Components.Traffic;
using PortFwd.Web.Connections;
using PortFwd.Web.Tests.Connections;
using PortFwd.Web.Traffic;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// The Connections and Refused attempts sections of a rule's traffic page, over a real relay with a real rule and
/// real clients on 127.0.0.1; the traffic sampler's tick (driven here) is what refreshes them.
/// </summary>
public sealed class ConnectionsSectionTests : MudTestContext, IAsyncLifetime
{
    private const int RuleId = 7;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly RelayEngine _relay = new(TestOutputLogger.For<RelayEngine>());
    private readonly EchoServer _backend = new();
    private readonly List<Socket> _clients = [];
    private readonly RecordingBlocker _blocker = new();
    private IPEndPoint _relayPort = default!;

    public ConnectionsSectionTests()
        : this(withBlocker: false)
    {
    }

    private ConnectionsSectionTests(bool withBlocker)
        : base(null)
    {
        Services.AddSingleton(_relay);
        Services.AddSingleton<RuleConnections>();
        Services.AddSingleton(new TrafficSampler([], new RuleChangeSignal(), Options.Create(new TrafficOptions()), TimeProvider.System));
        if (withBlocker)
        {
            Services.AddSingleton<IAddressBlocker>(_blocker);
        }

        RenderAsLive();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ForwardingRule Rule(Protocol protocol = Protocol.Tcp) =>
        new() { Id = RuleId, Name = "Game server", Protocol = protocol, ExternalPort = 25565, InternalHost = "127.0.0.1", InternalPort = 25565 };

    public async ValueTask InitializeAsync() => _relayPort = await ApplyAsync([]);

    public new async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _relay.DisposeAsync();
        await _backend.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<IPEndPoint> ApplyAsync(IReadOnlyList<IPNetwork> allowed)
    {
        var rule = new RelayRule(RuleId, "Game server", RelayTransport.Tcp, IPAddress.Loopback, _relayPort?.Port ?? 0, _relayPort?.Port ?? 0,
            "127.0.0.1", _backend.Port, allowed, RelayLimits.Default);
        var result = await _relay.ApplyAsync(rule, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Listening[0].EndPoint;
    }

    /// <summary>A client through the rule that has had <paramref name="bytes"/> echoed, so the relay counted them both ways.</summary>
    private async Task<Socket> ConnectAsync(int bytes = 100)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _clients.Add(client);
        await client.ConnectAsync(_relayPort, Ct);
        await client.SendAsync(new byte[bytes], SocketFlags.None, Ct);
        var buffer = new byte[bytes];
        for (var got = 0; got < bytes;)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, Ct);
            Assert.True(read > 0, "the relay ended the connection early");
            got += read;
        }

        return client;
    }

    private static int PortOf(Socket client) => ((IPEndPoint)client.LocalEndPoint!).Port;

    private void Tick() => Services.GetRequiredService<TrafficSampler>().Sample();

    private IRenderedComponent<ConnectionsSection> RenderSection(ForwardingRule? rule = null) =>
        Render<ConnectionsSection>(p => p.Add(s => s.Rule, rule ?? Rule()));

    /// <summary>Ticks the sampler until the section shows what <paramref name="assertion"/> expects.</summary>
    private void WaitForTicks(IRenderedComponent<ConnectionsSection> section, Action assertion)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            Tick();
            try
            {
                section.WaitForAssertion(assertion, TimeSpan.FromMilliseconds(200));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The sampler's feed is throttled to a second: tick again.
            }
        }
    }

    [Fact]
    public async Task A_live_connection_shows_with_the_clients_port_its_bytes_and_the_count_and_new_ones_appear_on_the_next_tick()
    {
        var first = await ConnectAsync(bytes: 1500);
        var section = RenderSection();

        var row = section.Find($"tr.connection-row[data-remote-port='{PortOf(first)}']");
        Assert.Equal($"127.0.0.1:{PortOf(first)} TCP", row.QuerySelector(".connection-client")!.TextContent.Trim());
        Assert.Equal(_relayPort.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector(".connection-port")!.TextContent);
        Assert.Equal("1.5 KB", row.QuerySelector(".connection-in")!.TextContent);
        Assert.Equal("1.5 KB", row.QuerySelector(".connection-out")!.TextContent);
        Assert.Equal("1 connection", section.Find("#connections-count").TextContent.Trim());
        Assert.Empty(section.FindAll(".connection-block"));

        var second = await ConnectAsync();
        WaitForTicks(section, () => Assert.Equal("2 connections", section.Find("#connections-count").TextContent.Trim()));
        Assert.Single(section.FindAll($"tr.connection-row[data-remote-port='{PortOf(second)}']"));
    }

    [Fact]
    public async Task Close_ends_the_clients_connection_says_so_and_the_row_goes()
    {
        var kicked = await ConnectAsync();
        var kept = await ConnectAsync();
        var snackbars = Render<MudSnackbarProvider>();
        var section = RenderSection();

        await ClickAsync(section, $"tr.connection-row[data-remote-port='{PortOf(kicked)}'] .connection-close");

        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(Within);
        var end = await EndOfAsync(kicked, guard.Token);
        Assert.Contains(end, new[] { "closed", "reset" });
        snackbars.WaitForAssertion(() => Assert.Contains($"Closed the connection from 127.0.0.1:{PortOf(kicked)}.", snackbars.Markup, StringComparison.Ordinal), Within);
        WaitForTicks(section, () => Assert.Empty(section.FindAll($"tr.connection-row[data-remote-port='{PortOf(kicked)}']")));
        Assert.Single(section.FindAll($"tr.connection-row[data-remote-port='{PortOf(kept)}']"));
    }

    [Fact]
    public async Task Sorting_by_a_column_orders_the_rows_and_a_second_click_turns_the_order_round()
    {
        var small = await ConnectAsync(bytes: 10);
        var large = await ConnectAsync(bytes: 5000);
        var section = RenderSection();
        int[] Ports() => [.. section.FindAll("tr.connection-row").Select(r => int.Parse(r.GetAttribute("data-remote-port")!, System.Globalization.CultureInfo.InvariantCulture))];

        await ClickAsync(section, "#sort-BytesIn");
        Assert.Equal([PortOf(small), PortOf(large)], Ports());
        Assert.Equal("ascending", section.Find("#sort-BytesIn").ParentElement!.GetAttribute("aria-sort"));

        await ClickAsync(section, "#sort-BytesIn");
        Assert.Equal([PortOf(large), PortOf(small)], Ports());
        Assert.Equal("descending", section.Find("#sort-BytesIn").ParentElement!.GetAttribute("aria-sort"));

        // The order holds across the live refresh.
        Tick();
        section.WaitForAssertion(() => Assert.Equal([PortOf(large), PortOf(small)], Ports()), Within);
    }

    [Fact]
    public async Task Refused_attempts_show_newest_first_with_the_reason_in_words()
    {
        var section = RenderSection();
        Assert.NotNull(section.Find("#refused-none"));
        await ApplyAsync([IPNetwork.Parse("10.0.0.0/8")]);

        using (var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await refused.ConnectAsync(_relayPort, Ct);
            Assert.Contains(await EndOfAsync(refused, Ct), new[] { "closed", "reset" });
        }

        WaitForTicks(section, () => Assert.Single(section.FindAll("tr.refused-row")));
        Assert.Equal("127.0.0.1", section.Find(".refused-address").TextContent);
        Assert.Equal("not in the allowed sources", section.Find(".refused-reason").TextContent);
    }

    [Fact]
    public void An_http_rule_says_its_requests_are_in_the_traffic_figures()
    {
        var section = RenderSection(Rule(Protocol.Http));

        Assert.Contains("their requests are in the traffic figures", section.Find("#connections-http").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("#connections-table"));
    }

    /// <summary>Finds and clicks in one step on the renderer, so no render in between leaves a stale handler.</summary>
    private static Task ClickAsync(IRenderedComponent<ConnectionsSection> section, string selector) =>
        section.InvokeAsync(() => section.Find(selector).ClickAsync(new()));

    private static async Task<string> EndOfAsync(Socket client, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            for (var reads = 0; reads < 1000; reads++)
            {
                if (await client.ReceiveAsync(buffer, SocketFlags.None, ct) == 0)
                {
                    return "closed";
                }
            }

            return "still open";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
    }

    /// <summary>The Block button with a blocklist present: it calls the blocker with the client's address and closes its connections.</summary>
    public sealed class WithBlocklist : IAsyncLifetime
    {
        private readonly ConnectionsSectionTests _inner = new(withBlocker: true);

        public ValueTask InitializeAsync() => _inner.InitializeAsync();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        [Fact]
        public async Task Block_blocks_the_address_closes_its_connection_and_says_so()
        {
            var client = await _inner.ConnectAsync();
            var snackbars = _inner.Render<MudSnackbarProvider>();
            var section = _inner.RenderSection();

            await ClickAsync(section, $"tr.connection-row[data-remote-port='{PortOf(client)}'] .connection-block");

            Assert.Equal([("127.0.0.1", "blocked from the connections of Game server")], _inner._blocker.Calls);
            Assert.Contains(await EndOfAsync(client, Ct), new[] { "closed", "reset" });
            snackbars.WaitForAssertion(() => Assert.Contains("Blocked 127.0.0.1 on every rule; closed 1 of its connections here.", snackbars.Markup, StringComparison.Ordinal), Within);
        }

        [Fact]
        public async Task A_refused_block_says_why_and_leaves_the_connection_open()
        {
            _inner._blocker.Answer = BlockResult.Fail("the panel's own address cannot be blocked");
            var client = await _inner.ConnectAsync();
            var snackbars = _inner.Render<MudSnackbarProvider>();
            var section = _inner.RenderSection();

            await ClickAsync(section, ".connection-block");

            snackbars.WaitForAssertion(() => Assert.Contains("127.0.0.1 was not blocked: the panel's own address cannot be blocked", snackbars.Markup, StringComparison.Ordinal), Within);
            await client.SendAsync("still"u8.ToArray(), SocketFlags.None, Ct);
            Assert.True(await client.ReceiveAsync(new byte[5], SocketFlags.None, Ct) > 0);
        }
    }

    private sealed class RecordingBlocker : IAddressBlocker
    {
        public List<(string Address, string? Note)> Calls { get; } = [];

        public BlockResult Answer { get; set; } = BlockResult.Blocked;

        public Task<BlockResult> BlockAsync(string address, string? note, CancellationToken ct)
        {
            Calls.Add((address, note));
            return Task.FromResult(Answer);
        }
    }
}
