using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortFwd.Nat.NatPmpPcp;
using PortFwd.Nat.Upnp;

namespace PortFwd.Nat;

/// <summary>Finds the router: UPnP (by SSDP from a chosen local address, or from a configured description URL)
/// first, then PCP, then NAT-PMP at a configured gateway. All are tried at once within one total timeout,
/// and the best that answered wins.</summary>
public sealed partial class NatDiscoverer
{
    /// <summary>How long UPnP may still answer after PCP / NAT-PMP already did.</summary>
    private static readonly TimeSpan UpnpGrace = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NatDiscoverer(TimeProvider? timeProvider = null, ILogger<NatDiscoverer>? logger = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Looks for the router as <paramref name="options"/> say. On failure the error says why for
    /// each protocol tried (no answer, not an internet gateway, ...).</summary>
    public async Task<NatResult<INatDevice>> DiscoverDeviceAsync(NatDiscoveryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var upnpWanted = options.Methods.HasFlag(DiscoveryMethods.Upnp) && (options.DescriptionUrl is not null || options.LocalAddress is not null);
        var gatewayWanted = options.Gateway is not null && (options.Methods & (DiscoveryMethods.Pcp | DiscoveryMethods.NatPmp)) != 0;
        if (options.Timeout <= TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero || options.GatewayPort is < 1 or > 65535)
        {
            return new NatError(NatErrorKind.InvalidArguments, "Router discovery needs positive timeouts and a gateway port between 1 and 65535.");
        }

        if (!upnpWanted && !gatewayWanted)
        {
            return new NatError(NatErrorKind.NotFound,
                "Router discovery is not configured: set the local address (for UPnP search), the description URL, or the gateway address (for PCP / NAT-PMP).");
        }

        var started = _time.GetTimestamp();
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(options.Timeout);
        using var upnpStop = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
        using var gatewayStop = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
        var upnp = upnpWanted ? DiscoverUpnpAsync(options, upnpStop.Token) : null;
        var gateway = gatewayWanted ? DiscoverGatewayAsync(options, gatewayStop.Token) : null;
        var reasons = new List<string>();

        if (upnp is not null)
        {
            if (gateway is not null && await Task.WhenAny(upnp, gateway) == gateway && (await gateway).IsSuccess)
            {
                // UPnP is preferred, but once PCP / NAT-PMP has answered, a router silent on SSDP for a couple of
                // seconds most likely has UPnP switched off: do not keep the caller for the whole timeout.
                var graceLeft = UpnpGrace - _time.GetElapsedTime(started);
                if (graceLeft > TimeSpan.Zero)
                {
                    await Task.WhenAny(upnp, Task.Delay(graceLeft, _time, cancellationToken));
                }

                if (!upnp.IsCompleted)
                {
                    await upnpStop.CancelAsync();
                }
            }

            var u = await upnp;
            if (u.IsSuccess)
            {
                await gatewayStop.CancelAsync();
                if (gateway is not null && await gateway is { IsSuccess: true } unused)
                {
                    unused.Value!.Dispose();
                }

                return Found(u.Value!);
            }

            reasons.Add(u.Error.Message);
        }

        if (gateway is not null)
        {
            var g = await gateway;
            if (g.IsSuccess)
            {
                return Found(g.Value!);
            }

            reasons.Add(g.Error.Message);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var message = "No router found. " + string.Join(" ", reasons);
        LogNotFound(_logger, message);
        return new NatError(NatErrorKind.NotFound, message);
    }

    private NatResult<INatDevice> Found(INatDevice device)
    {
        LogFound(_logger, device.Protocol, device.Name, device.Details);
        return NatResult<INatDevice>.Ok(device);
    }

    private async Task<NatResult<INatDevice>> DiscoverUpnpAsync(NatDiscoveryOptions options, CancellationToken cancellationToken)
    {
        var http = new RouterHttp(options.LocalAddress);
        try
        {
            if (options.DescriptionUrl is { } configured)
            {
                var direct = await FetchAsync(configured, http, options, cancellationToken);
                if (direct.IsSuccess)
                {
                    http = null;
                }

                return direct;
            }

            var local = options.LocalAddress!;
            if (local.AddressFamily != AddressFamily.InterNetwork)
            {
                return new NatError(NatErrorKind.NotFound, $"UPnP search needs an IPv4 local address, not {local}.") { Protocol = RouterProtocol.Upnp };
            }

            NatResult<INatDevice>? chosen = null;
            var failures = new List<string>();
            var answered = await Ssdp.SearchAsync(local, options.Timeout, async url =>
            {
                LogSsdpAnswer(_logger, url);
                var r = await FetchAsync(url, http, options, cancellationToken);
                if (r.IsSuccess)
                {
                    chosen = r;
                }
                else
                {
                    failures.Add(r.Error.Message);
                }

                return r.IsSuccess;
            }, cancellationToken);

            if (chosen is not null)
            {
                http = null;
                return chosen;
            }

            return new NatError(answered.Count == 0 ? NatErrorKind.NoResponse : NatErrorKind.NotAnInternetGateway,
                answered.Count == 0
                    ? $"UPnP: no internet gateway answered the SSDP search from {local} within {options.Timeout.TotalSeconds:0.#} s (UPnP may be off on the router)."
                    : "UPnP: " + string.Join(" ", failures))
            { Protocol = RouterProtocol.Upnp };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NatError(NatErrorKind.NoResponse, "UPnP: the router did not answer in time.") { Protocol = RouterProtocol.Upnp };
        }
        catch (SocketException e)
        {
            return new NatError(NatErrorKind.Transport, $"UPnP: could not search from {options.LocalAddress}: {e.Message}") { Protocol = RouterProtocol.Upnp };
        }
        catch (OperationCanceledException)
        {
            return new NatError(NatErrorKind.NoResponse, "UPnP: no internet gateway answered the SSDP search in time.") { Protocol = RouterProtocol.Upnp };
        }
        finally
        {
            http?.Dispose();
        }
    }

    private async Task<NatResult<INatDevice>> FetchAsync(Uri url, RouterHttp http, NatDiscoveryOptions options, CancellationToken cancellationToken)
    {
        string xml;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var response = await http.Client.GetAsync(url, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    return new NatError(NatErrorKind.Transport, $"UPnP: {url} answered HTTP {(int)response.StatusCode}.") { Protocol = RouterProtocol.Upnp };
                }

                xml = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (HttpRequestException e)
            {
                return new NatError(NatErrorKind.Transport, $"UPnP: could not fetch {url}: {e.Message}") { Protocol = RouterProtocol.Upnp };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new NatError(NatErrorKind.NoResponse, $"UPnP: {url} did not answer within {options.RequestTimeout.TotalSeconds:0.#} s.") { Protocol = RouterProtocol.Upnp };
            }
        }

        var description = DeviceDescription.Parse(xml, url);
        if (!description.IsSuccess)
        {
            return description.Error;
        }

        var local = options.LocalAddress ?? http.SeenLocalAddress ?? IPAddress.Any;
        return NatResult<INatDevice>.Ok(new UpnpDevice(description.Value!, local, http, options.RequestTimeout, _time));
    }

    private async Task<NatResult<INatDevice>> DiscoverGatewayAsync(NatDiscoveryOptions options, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(options.Gateway!, options.GatewayPort);
        var local = options.LocalAddress ?? LocalAddressTowards(endpoint);
        if (local is null)
        {
            return new NatError(NatErrorKind.Transport, $"There is no local address that reaches the gateway {endpoint.Address}.");
        }

        var perRequest = options.RequestTimeout < options.Timeout ? options.RequestTimeout : options.Timeout;
        try
        {
            var reasons = new List<string>();
            if (options.Methods.HasFlag(DiscoveryMethods.Pcp))
            {
                var pcp = new PcpDevice(endpoint, local, options.RequestTimeout, _time, options.PcpNonceSeed);
                // Leave NAT-PMP half the time: old routers drop PCP packets without a word.
                var pcpTime = options.Methods.HasFlag(DiscoveryMethods.NatPmp) ? perRequest / 2 : perRequest;
                var announce = await pcp.AnnounceAsync(cancellationToken, pcpTime);
                if (announce.IsSuccess)
                {
                    return NatResult<INatDevice>.Ok(pcp);
                }

                reasons.Add("PCP: " + announce.Error.Message);
            }

            if (options.Methods.HasFlag(DiscoveryMethods.NatPmp))
            {
                var answer = await NatPmpDevice.QueryExternalAddressAsync(endpoint, local, perRequest, cancellationToken);
                // Any well-formed answer (even "network failure" when the router has no public address) proves NAT-PMP.
                if (answer.IsSuccess && answer.Value!.Result != 1)
                {
                    var device = new NatPmpDevice(endpoint, local, options.RequestTimeout, _time);
                    return NatResult<INatDevice>.Ok(device);
                }

                reasons.Add("NAT-PMP: " + (answer.IsSuccess ? GatewayErrors.FromNatPmp(answer.Value!.Result).Message : answer.Error.Message));
            }

            return new NatError(NatErrorKind.NoResponse, string.Join(" ", reasons));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NatError(NatErrorKind.NoResponse, $"PCP / NAT-PMP: the gateway {endpoint} did not answer within {options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            return new NatError(NatErrorKind.NoResponse, $"PCP / NAT-PMP: the gateway {endpoint} did not answer in time.");
        }
    }

    /// <summary>The local address the kernel would use towards the gateway. Connecting a UDP socket only picks a
    /// route; nothing is sent.</summary>
    private static IPAddress? LocalAddressTowards(IPEndPoint gateway)
    {
        try
        {
            using var probe = new Socket(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(gateway);
            return (probe.LocalEndPoint as IPEndPoint)?.Address;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = EventIds.SsdpAnswer, Level = LogLevel.Debug, Message = "SSDP answer: description at {Url}")]
    private static partial void LogSsdpAnswer(ILogger logger, Uri url);

    [LoggerMessage(EventId = EventIds.RouterFound, Level = LogLevel.Information, Message = "Router found: {Protocol} '{Name}' ({Details})")]
    private static partial void LogFound(ILogger logger, RouterProtocol protocol, string name, string details);

    [LoggerMessage(EventId = EventIds.RouterNotFound, Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogNotFound(ILogger logger, string message);
}
