using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;
using PortFwd.Web.Traffic;
using static PortFwd.Web.Reachability.ReachabilityMessages;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Step 1: the service behind the rule answers from this machine. TCP rules get a connection (for a range, the first and
/// the last port), HTTP rules a request (any status counts), UDP rules what their traffic says: a datagram cannot
/// be sent blindly to a service whose protocol PortFwd does not speak.
/// </summary>
public sealed class ServiceCheck(IHttpClientFactory clients, TrafficHistory traffic, IHostNameResolver resolver) : IReachabilityStep
{
    /// <summary>The HTTP client for asking a rule's web server (no proxy, no redirects followed).</summary>
    public const string ClientName = "ReachabilityService";

    public CheckStepName Name => CheckStepName.Service;

    /// <summary>How long one connection or request may take before the service counts as not answering.</summary>
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = context.Rule;
        return rule.Protocol switch
        {
            Protocol.Http => [await AskWebServerAsync(rule, ct)],
            Protocol.Udp => [UdpAnswers(rule, await DatagramsAnsweredAsync(rule, ct))],
            Protocol.TcpUdp => [await ConnectAsync(rule, await DatagramsAnsweredAsync(rule, ct), ct)],
            _ => [await ConnectAsync(rule, udpAnswers: null, ct)],
        };
    }

    /// <summary>UDP: a pass when the service answered through the rule in the last hour, else skipped saying why.</summary>
    public static CheckStep UdpAnswers(ForwardingRule rule, long answered)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return answered > 0
            ? CheckStep.Pass(CheckStepName.Service, (answered == 1 ? UdpAnsweredOne : UdpAnsweredMany).With(Target(rule), answered))
            : CheckStep.Skipped(CheckStepName.Service, UdpUntried.With(Target(rule)), UdpUntriedFix.With());
    }

    /// <summary>The sentence for a TCP connection (or HTTP request) that failed, and what to do.</summary>
    public static CheckStep Unanswered(ForwardingRule rule, int port, SocketError error)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var where = $"{rule.InternalHostForPort}:{port.ToString(CultureInfo.InvariantCulture)}";
        var listen = StartServiceFix.With(rule.InternalHost, port);
        return error switch
        {
            SocketError.ConnectionRefused => CheckStep.Fail(CheckStepName.Service, Refused.With(where), listen),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => CheckStep.Fail(CheckStepName.Service,
                NameUnresolved.With(rule.InternalHost), NameUnresolvedFix.With(rule.InternalHost)),
            SocketError.TimedOut => CheckStep.Fail(CheckStepName.Service, ReachabilityMessages.TimedOut.With(where), TimedOutFix.With(rule.InternalHost, port)),
            SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => CheckStep.Fail(CheckStepName.Service,
                NoRoute.With(rule.InternalHost), NoRouteFix.With(rule.InternalHost)),
            _ => CheckStep.Fail(CheckStepName.Service, ConnectFailed.With(where, error.ToString()), listen),
        };
    }

    private async Task<long> DatagramsAnsweredAsync(ForwardingRule rule, CancellationToken ct) =>
        (await traffic.GetSeriesAsync(rule.Id, TrafficRange.Hour, ct)).Totals.DatagramsOut;

    private async Task<CheckStep> ConnectAsync(ForwardingRule rule, long? udpAnswers, CancellationToken ct)
    {
        var ports = rule.InternalPorts;
        int[] tried = ports.Count > 1 ? [ports.Start, ports.End] : [ports.Start];
        foreach (var port in tried)
        {
            if (await TryConnectAsync(rule.InternalHost, port, ct) is { } error)
            {
                return Unanswered(rule, port, error);
            }
        }

        var udp = ReachabilityMessages.Optional(udpAnswers switch
        {
            null => null,
            > 0 => AlsoUdpAnswered.With(udpAnswers),
            _ => AlsoUdpUntried.With(),
        });
        return CheckStep.Pass(CheckStepName.Service, tried.Length > 1
            ? AcceptsRange.With(rule.InternalHost, tried[0], tried[1], udp)
            : Accepts.With(Target(rule), udp));
    }

    /// <summary>Null when the connection opened, else why not.</summary>
    private async Task<SocketError?> TryConnectAsync(string host, int port, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(AnswerLimit);
        try
        {
            var addresses = await AddressesAsync(host, limit.Token);
            using var client = new TcpClient(AddressFamily.InterNetworkV6) { Client = { DualMode = true } };
            await client.ConnectAsync(addresses, port, limit.Token);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SocketError.TimedOut;
        }
    }

    /// <summary>The target's addresses: the address itself, or what the name resolves to (a name that does not throws).</summary>
    private async Task<IPAddress[]> AddressesAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return [address];
        }

        var resolved = await resolver.ResolveAsync(host, ct);
        return resolved.Length > 0 ? resolved : throw new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<CheckStep> AskWebServerAsync(ForwardingRule rule, CancellationToken ct)
    {
        var url = new Uri($"http://{rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)}{rule.PathPrefix ?? "/"}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(AnswerLimit);
        try
        {
            // A name is resolved the panel's way; the request goes to its address with the name as Host, as YARP sends it.
            var address = (await AddressesAsync(rule.InternalHost, limit.Token))[0];
            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(url) { Host = host }.Uri);
            request.Headers.Host = url.Authority;
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            return CheckStep.Pass(CheckStepName.Service, WebAnswered.With(url, (int)response.StatusCode, response.ReasonPhrase ?? ""));
        }
        catch (SocketException e)
        {
            return Unanswered(rule, rule.InternalPort, e.SocketErrorCode);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return Unanswered(rule, rule.InternalPort, socket.SocketErrorCode);
        }
        catch (HttpRequestException e)
        {
            return CheckStep.Fail(CheckStepName.Service, NotHttp.With(url, e.Message),
                NotHttpFix.With($"{rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)}"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unanswered(rule, rule.InternalPort, SocketError.TimedOut);
        }
    }

    private static object Target(ForwardingRule rule) => rule.InternalPorts.Count > 1
        ? TargetPorts.With(rule.InternalHost, rule.InternalPorts.ToString())
        : $"{rule.InternalHostForPort}:{rule.InternalPort.ToString(CultureInfo.InvariantCulture)}";
}
