using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Connections;

/// <summary>
/// <c>/api/rules/{id}/connections</c> and <c>/refused</c> over a real panel, with a real TCP client going through a
/// real rule to a service on 127.0.0.1.
/// </summary>
public sealed class ConnectionApiTests(SharedPanel panel) : IClassFixture<SharedPanel>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Api => panel.Api;

    private async Task<(int RuleId, int Port)> ForwardToAsync(EchoServer backend, string name, params string[] allowedSources)
    {
        var port = LoopbackPorts.Free();
        var body = PanelApi.Rule(name, port);
        body["internalHost"] = "127.0.0.1";
        body["internalPort"] = backend.Port;
        body["allowedSources"] = new JsonArray([.. allowedSources.Select(s => JsonValue.Create(s))]);
        var rule = await Api.CreateRuleAsync(body, Ct);
        await LoopbackPorts.WaitUntilAsync(port, accepting: true, Ct);
        return ((int)rule["id"]!, port);
    }

    private async Task<JsonArray> ListAsync(int ruleId, string what = "connections")
    {
        using var response = await Api.GetAsync($"/api/rules/{ruleId}/{what}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    /// <summary>The client's row once <paramref name="done"/> holds for it (null: no row), or as it is when the guard runs out.</summary>
    private async Task<JsonObject?> RowOfAsync(int ruleId, int clientPort, Func<JsonObject?, bool> done)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (true)
        {
            var row = (await ListAsync(ruleId)).OfType<JsonObject>().FirstOrDefault(r => (int)r["remotePort"]! == clientPort);
            if (done(row) || DateTime.UtcNow > deadline)
            {
                return row;
            }

            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task A_live_connection_is_listed_with_the_clients_port_and_bytes_and_deleting_it_ends_it_for_the_client()
    {
        await using var backend = new EchoServer();
        var (ruleId, port) = await ForwardToAsync(backend, "Listed");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Ct);
        var clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        await client.SendAsync(new byte[1234], SocketFlags.None, Ct);
        var echoed = 0;
        var buffer = new byte[4096];
        while (echoed < 1234)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, Ct);
            Assert.True(read > 0, "the relay ended the connection early");
            echoed += read;
        }

        var row = await RowOfAsync(ruleId, clientPort, r => r is not null && (long)r["bytesIn"]! == 1234 && (long)r["bytesOut"]! == 1234);

        Assert.NotNull(row);
        Assert.Equal(
            ["id", "protocol", "remoteAddress", "remotePort", "externalPort", "since", "bytesIn", "bytesOut", "lastActivity"],
            row.Select(p => p.Key));
        Assert.Equal("tcp", (string?)row["protocol"]);
        Assert.Equal("127.0.0.1", (string?)row["remoteAddress"]);
        Assert.Equal(port, (int)row["externalPort"]!);
        Assert.Equal(1234, (long)row["bytesIn"]!);
        Assert.Equal(1234, (long)row["bytesOut"]!);
        Assert.InRange(DateTimeOffset.Parse((string)row["since"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        using var delete = await Api.DeleteAsync($"/api/rules/{ruleId}/connections/{row["id"]}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(Guard);
        try
        {
            Assert.Equal(0, await client.ReceiveAsync(buffer, SocketFlags.None, guard.Token));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset is an end too.
        }

        Assert.Null(await RowOfAsync(ruleId, clientPort, r => r is null));
        using var again = await Api.DeleteAsync($"/api/rules/{ruleId}/connections/{row["id"]}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task An_address_outside_the_allowed_sources_is_listed_as_refused_not_allowed()
    {
        await using var backend = new EchoServer();
        var (ruleId, _) = await ForwardToAsync(backend, "Refusing", "10.0.0.0/8");

        // Waiting for the port to open was itself an attempt from 127.0.0.1, refused at accept.
        var refused = await ListAsync(ruleId, "refused");

        Assert.NotEmpty(refused);
        var first = Assert.IsType<JsonObject>(refused[0]);
        Assert.Equal(["address", "time", "reason"], first.Select(p => p.Key));
        Assert.All(refused, r => Assert.Equal("127.0.0.1", (string?)r!["address"]));
        Assert.All(refused, r => Assert.Equal("notAllowed", (string?)r!["reason"]));
        Assert.Empty(await ListAsync(ruleId));
    }

    [Theory]
    [InlineData("GET", "/api/rules/999999/connections")]
    [InlineData("DELETE", "/api/rules/999999/connections/1")]
    [InlineData("GET", "/api/rules/999999/refused")]
    public async Task A_rule_that_does_not_exist_answers_404(string method, string url)
    {
        using var response = await Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Rule not found", (string?)(await response.ReadObjectAsync(Ct))["title"]);
    }

    [Fact]
    public async Task Deleting_a_connection_that_is_not_there_answers_404_naming_it()
    {
        await using var backend = new EchoServer();
        var (ruleId, _) = await ForwardToAsync(backend, "Nobody");

        using var response = await Api.DeleteAsync($"/api/rules/{ruleId}/connections/987654321", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Connection not found", (string?)(await response.ReadObjectAsync(Ct))["title"]);
    }
}
