// Measures how long a saved rule takes to open its port, and a disabled or deleted one to close it:
// from sending the API request to the first accepted (or refused) TCP connect on 127.0.0.1.
//
//   dotnet run -c Release --project bench/PortFwd.Apply.Bench -- [--rounds 200]
//
// Loopback only; bounded rounds; the panel it starts is killed at the end.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
rounds = Math.Clamp(rounds, 1, 2000);
var data = Directory.CreateTempSubdirectory("portfwd-apply-bench-").FullName;
const string password = "bench-Passw0rd";

var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, UseShellExecute = false };
info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortFwd.Web.dll"));
info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
info.Environment["PortFwd__DataDirectory"] = data;
info.Environment["PortFwd__AdminPassword"] = password;
info.Environment["PortFwd__Router__Enabled"] = "false";
info.Environment["PortFwd__ListenAddress"] = "127.0.0.1";
info.Environment["Logging__LogLevel__Default"] = "Warning";
info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
using var panel = Process.Start(info)!;
try
{
    string? baseUrl = null;
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (baseUrl is null && DateTime.UtcNow < deadline && await panel.StandardOutput.ReadLineAsync() is { } line)
    {
        var match = Regex.Match(line, @"Now listening on: (http://\S+)");
        baseUrl = match.Success ? match.Groups[1].Value : null;
    }

    if (baseUrl is null)
    {
        Console.Error.WriteLine("the panel did not start");
        return 1;
    }

    _ = panel.StandardOutput.ReadToEndAsync();
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var token = (await (await http.PostAsJsonAsync("/api/tokens", new { name = "bench " + Guid.NewGuid().ToString("N"), username = "admin", password })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    using var target = new TcpListener(IPAddress.Loopback, 0);
    target.Start();
    var targetPort = ((IPEndPoint)target.LocalEndpoint).Port;

    var open = new List<double>();
    var disable = new List<double>();
    var delete = new List<double>();
    for (var round = 0; round < rounds + 5; round++)
    {
        var port = FreePort();
        object Rule(bool enabled) => new { name = "bench", protocol = "tcp", externalPort = port, internalHost = "127.0.0.1", internalPort = targetPort, enabled };

        var watch = Stopwatch.StartNew();
        using var created = await http.PostAsJsonAsync("/api/rules", Rule(true));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var opened = await WaitAsync(port, accepting: true, watch);

        watch.Restart();
        (await http.PutAsJsonAsync($"/api/rules/{id}", Rule(false))).Dispose();
        var disabled = await WaitAsync(port, accepting: false, watch);

        (await http.PutAsJsonAsync($"/api/rules/{id}", Rule(true))).Dispose();
        await WaitAsync(port, accepting: true, Stopwatch.StartNew());
        watch.Restart();
        (await http.DeleteAsync(new Uri($"/api/rules/{id}", UriKind.Relative))).Dispose();
        var deleted = await WaitAsync(port, accepting: false, watch);

        if (round >= 5)
        {
            // The first rounds warm up the JIT and the connection pool.
            open.Add(opened);
            disable.Add(disabled);
            delete.Add(deleted);
        }
    }

    Console.WriteLine($"rounds: {rounds} (after 5 warm-up rounds)");
    Report("save (POST) -> port accepting", open);
    Report("disable (PUT) -> port refusing", disable);
    Report("delete (DELETE) -> port refusing", delete);
    return 0;
}
finally
{
    panel.Kill(entireProcessTree: true);
    await panel.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}

static void Report(string what, List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what,-36} median {P(0.5):F1} ms   p95 {P(0.95):F1} ms   p99 {P(0.99):F1} ms   max {ms[^1]:F1} ms"));
}

static async Task<double> WaitAsync(int port, bool accepting, Stopwatch watch)
{
    while (watch.Elapsed < TimeSpan.FromSeconds(5))
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            if (accepting)
            {
                return watch.Elapsed.TotalMilliseconds;
            }
        }
        catch (SocketException) when (!accepting)
        {
            return watch.Elapsed.TotalMilliseconds;
        }
        catch (SocketException)
        {
        }

        await Task.Delay(1);
    }

    throw new TimeoutException($"port {port} did not become {(accepting ? "accepting" : "closed")} within 5 s");
}

static int FreePort()
{
    using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)probe.LocalEndPoint!).Port;
}
