using System.Net;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

// PortFwd.YarpFloor.Bench LISTEN_PORT TARGET_PORT [--no-transforms]
// One HTTP/1.1 listener on 127.0.0.1:LISTEN_PORT forwarding every request to http://127.0.0.1:TARGET_PORT/ with the
// settings an HTTP rule's port host uses (inline socket completions and scheduling, no trace propagation, the same
// forwarding headers), to show how far the panel's own per-request work is from what Kestrel and YARP cost alone.
if (args.Length < 2 || !int.TryParse(args[0], out var listenPort) || !int.TryParse(args[1], out var targetPort))
{
    Console.Error.WriteLine("usage: PortFwd.YarpFloor.Bench LISTEN_PORT TARGET_PORT [--no-transforms]");
    return 2;
}

var withTransforms = !args.Contains("--no-transforms");
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
{
    o.AddServerHeader = false;
    o.Listen(IPAddress.Loopback, listenPort);
});
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
builder.Services.AddHttpForwarder();
var app = builder.Build();

var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var transformer = withTransforms
    ? app.Services.GetRequiredService<Yarp.ReverseProxy.Transforms.Builder.ITransformBuilder>().Create(context =>
    {
        context.AddOriginalHost(useOriginal: true);
        context.AddXForwarded(ForwardedTransformActions.Set);
    })
    : HttpTransformer.Empty;
var upstream = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    ActivityHeadersPropagator = null,
});
var request = new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
var destination = $"http://127.0.0.1:{targetPort}/";
app.Run(async context => await forwarder.SendAsync(context, destination, upstream, request, transformer));
Console.WriteLine($"forwarding 127.0.0.1:{listenPort} -> {destination} (transforms: {withTransforms})");
await app.RunAsync();
return 0;
