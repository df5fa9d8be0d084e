// The smallest honest app of the panel's stack, doing at idle what the panel does at idle: Kestrel on 127.0.0.1,
// one interactive Blazor Server page (a MudTable of rows read from SQLite through EF Core, a MudButton), an EF Core
// SQLite database created at start with 50 rows, YARP with one route to a loopback destination that nothing calls,
// and /healthz. The data folder is StackFloor:DataDirectory (default ./data beside the app).
//
//   dotnet publish bench/PortFwd.StackFloor -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o DIR
//   dotnet bench/PortFwd.Scale.Bench/bin/Release/net10.0/PortFwd.Scale.Bench.dll --part footprint --app DIR --cases rules50,page
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using PortFwd.StackFloor;
using PortFwd.StackFloor.Components;
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

var data = builder.Configuration["StackFloor:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "data");
Directory.CreateDirectory(data);
builder.Services.AddDbContextFactory<FloorDb>(o => o.UseSqlite($"Data Source={Path.Combine(data, "floor.db")}"));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddHealthChecks();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "proxied", ClusterId = "loopback", Match = new RouteMatch { Path = "/proxied/{**rest}" } }],
    [new ClusterConfig { ClusterId = "loopback", Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = "http://127.0.0.1:9/" } } }]);

var app = builder.Build();
await FloorDb.EnsureSeededAsync(app.Services.GetRequiredService<IDbContextFactory<FloorDb>>());

app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapReverseProxy();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
