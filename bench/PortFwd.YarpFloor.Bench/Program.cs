using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Hosting;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms.Builder;

// PortFwd.YarpFloor.Bench LISTEN_PORT TARGET_PORT [--no-transforms]
// One HTTP/1.1 listener on 127.0.0.1:LISTEN_PORT forwarding every request to http://127.0.0.1:TARGET_PORT/, built from
// an HTTP rule's port host's own pieces (its Kestrel listener, upstream client, request settings and forwarding-header
// transforms, inline socket completions) and nothing else of the panel: no rules table, meter, allow-list or blocklist.
// It shows how far the panel's own per-request work is from what Kestrel and YARP cost alone.
if (args.Length < 2 || !int.TryParse(args[0], out var listenPort) || !int.TryParse(args[1], out var targetPort))
{
    Console.Error.WriteLine("usage: PortFwd.YarpFloor.Bench LISTEN_PORT TARGET_PORT [--no-transforms]");
    return 2;
}

var withTransforms = !args.Contains("--no-transforms");
InlineSocketCompletions.EnableUnlessSet();

var builder = PortListenerApp.CreateBuilder(new IPEndPoint(IPAddress.Loopback, listenPort), NullLoggerFactory.Instance, configureListen: null);
builder.Services.AddHttpForwarder();
var app = builder.Build();

var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var transformer = withTransforms
    ? app.Services.GetRequiredService<ITransformBuilder>().Create(HttpPortHost.AddForwardingHeaders)
    : HttpTransformer.Empty;
using var upstream = HttpPortHost.CreateUpstream();
var destination = $"http://127.0.0.1:{targetPort}/";
app.Run(async context => await forwarder.SendAsync(context, destination, upstream, HttpPortHost.UpstreamRequest, transformer));
Console.WriteLine($"forwarding 127.0.0.1:{listenPort} -> {destination} (transforms: {withTransforms})");
await app.RunAsync();
return 0;
