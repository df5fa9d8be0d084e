using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using PortFwd.Nat.NatPmpPcp;

namespace PortFwd.Nat.Upnp;

/// <summary>A UPnP IGD (v1 or v2) router, through its WANIPConnection or WANPPPConnection service.</summary>
internal sealed class UpnpDevice : INatDevice
{
    /// <summary>Walking the table stops here even if the router never says 713.</summary>
    internal const int MaxListedEntries = 1024;

    private readonly RouterHttp _http;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeProvider _time;
    private readonly EpochTracker _uptime;
    private long _restartsAtLastStatus;

    internal UpnpDevice(DeviceDescription description, IPAddress localAddress, RouterHttp http, TimeSpan requestTimeout, TimeProvider time)
    {
        Description = description;
        LocalAddress = localAddress;
        _http = http;
        _requestTimeout = requestTimeout;
        _time = time;
        _uptime = new EpochTracker(time);
        RouterAddress = IPAddress.TryParse(description.ControlUrl.Host.Trim('[', ']'), out var a) ? a : IPAddress.None;
    }

    internal DeviceDescription Description { get; }

    public RouterProtocol Protocol => RouterProtocol.Upnp;
    public string Name => Description.FriendlyName;
    public string Details => $"{Description.ServiceType} at {Description.ControlUrl}";
    public IPAddress RouterAddress { get; }
    public Uri? WebPage => Description.PresentationUrl;
    public IPAddress LocalAddress { get; }
    public bool CanListRouterTable => true;
    public long RestartsDetected => _uptime.Restarts;

    public async Task<NatResult<IPAddress>> GetExternalIPAsync(CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("GetExternalIPAddress", [], null, cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        var text = answer.Value!.Get("NewExternalIPAddress");
        if (!IPAddress.TryParse(text, out var address) || address.Equals(IPAddress.Any))
        {
            return new NatError(NatErrorKind.NoExternalAddress, ((IPAddress?)null).DescribeProblem()!) { Protocol = Protocol };
        }

        return NatResult<IPAddress>.Ok(address);
    }

    public async Task<NatResult<RouterStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var external = await GetExternalIPAsync(cancellationToken);
        if (!external.IsSuccess && external.Error.Kind is NatErrorKind.NoResponse or NatErrorKind.Transport)
        {
            return external.Error;
        }

        var info = await CallAsync("GetStatusInfo", [], null, cancellationToken);
        TimeSpan? uptime = null;
        var connection = "Unknown";
        if (info.IsSuccess)
        {
            connection = info.Value!.Get("NewConnectionStatus") is { Length: > 0 } s ? s : "Unknown";
            if (uint.TryParse(info.Value.Get("NewUptime"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                uptime = TimeSpan.FromSeconds(seconds);
                _uptime.Observe(seconds);
            }
        }

        var restarts = _uptime.Restarts;
        var restarted = Interlocked.Exchange(ref _restartsAtLastStatus, restarts) != restarts;
        return NatResult<RouterStatus>.Ok(new RouterStatus(Protocol, Name, external.Value, connection)
        {
            ExternalAddressError = external.Error,
            Uptime = uptime,
            RestartDetected = restarted,
        });
    }

    public async Task<NatResult<PortMapping>> CreatePortMapAsync(MappingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } invalid)
        {
            return invalid with { Protocol = Protocol };
        }

        var client = request.InternalClient ?? LocalAddress;
        var lease = (uint)Math.Ceiling(request.Lease.TotalSeconds);
        var anyPort = request.ExternalPort == 0;
        // IGDv1 has no AddAnyPortMapping: ask for the internal port number.
        var externalPort = anyPort && Description.ServiceVersion == 1 ? request.InternalPort : request.ExternalPort;

        var result = await AddAsync(request, client, externalPort, lease, anyPort && Description.ServiceVersion == 2, cancellationToken);
        if (!result.IsSuccess && result.Error.Code == UpnpErrors.OnlyPermanentLeases && lease != 0)
        {
            lease = 0;
            result = await AddAsync(request, client, externalPort, lease, anyPort && Description.ServiceVersion == 2, cancellationToken);
        }

        if (!result.IsSuccess)
        {
            if (result.Error.Code != UpnpErrors.Conflict || externalPort == 0)
            {
                return result.Error;
            }
            // The fault does not say who holds the port; the router's table does.
            var holder = await GetSpecificMappingAsync(request.Protocol, externalPort, cancellationToken);
            var heldBy = holder.IsSuccess && holder.Value is { } held && !held.InternalClient.Equals(client) ? held.InternalClient : null;
            return UpnpErrors.FromCode(UpnpErrors.Conflict, result.Error.RouterText, PortName(request.Protocol, externalPort), heldBy);
        }

        var granted = result.Value;
        return NatResult<PortMapping>.Ok(new PortMapping(request.Protocol, granted, client, request.InternalPort)
        {
            Description = request.Description,
            Lease = TimeSpan.FromSeconds(lease),
            ExpiresAt = lease == 0 ? null : _time.GetUtcNow().AddSeconds(lease),
        });
    }

    private async Task<NatResult<int>> AddAsync(MappingRequest request, IPAddress client, int externalPort, uint lease, bool anyPort,
        CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] args =
        [
            new("NewRemoteHost", ""),
            new("NewExternalPort", Invariant(externalPort)),
            new("NewProtocol", request.Protocol.ToWireName()),
            new("NewInternalPort", Invariant(request.InternalPort)),
            new("NewInternalClient", client.ToString()),
            new("NewEnabled", "1"),
            new("NewPortMappingDescription", request.Description),
            new("NewLeaseDuration", Invariant(lease)),
        ];
        var answer = await CallAsync(anyPort ? "AddAnyPortMapping" : "AddPortMapping", args, PortName(request.Protocol, externalPort), cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Error;
        }

        if (!anyPort)
        {
            return NatResult<int>.Ok(externalPort);
        }

        return int.TryParse(answer.Value!.Get("NewReservedPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var reserved)
            ? NatResult<int>.Ok(reserved)
            : new NatError(NatErrorKind.InvalidResponse, "The router's AddAnyPortMapping answer has no reserved port.") { Protocol = Protocol };
    }

    public async Task<NatResult> DeletePortMapAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("DeletePortMapping",
            [new("NewRemoteHost", ""), new("NewExternalPort", Invariant(externalPort)), new("NewProtocol", protocol.ToWireName())],
            PortName(protocol, externalPort), cancellationToken);
        if (answer.IsSuccess || answer.Error.Code == UpnpErrors.NoSuchEntry)
        {
            return NatResult.Ok;
        }

        return answer.Error;
    }

    public async Task<NatResult<PortMapping?>> GetSpecificMappingAsync(PortProtocol protocol, int externalPort, CancellationToken cancellationToken = default)
    {
        var answer = await CallAsync("GetSpecificPortMappingEntry",
            [new("NewRemoteHost", ""), new("NewExternalPort", Invariant(externalPort)), new("NewProtocol", protocol.ToWireName())],
            PortName(protocol, externalPort), cancellationToken);
        if (!answer.IsSuccess)
        {
            return answer.Error.Code == UpnpErrors.NoSuchEntry ? NatResult<PortMapping?>.Ok(null) : answer.Error;
        }

        var outputs = new Dictionary<string, string>(answer.Value!.Outputs, StringComparer.Ordinal)
        {
            ["NewExternalPort"] = Invariant(externalPort),
            ["NewProtocol"] = protocol.ToWireName(),
        };
        return ReadMapping(outputs, _time.GetUtcNow()) is { } m
            ? NatResult<PortMapping?>.Ok(m)
            : new NatError(NatErrorKind.InvalidResponse, "The router's mapping entry could not be read.") { Protocol = Protocol };
    }

    public async Task<NatResult<IReadOnlyList<PortMapping>>> GetAllMappingsAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<PortMapping>();
        for (var index = 0; index < MaxListedEntries; index++)
        {
            var answer = await CallAsync("GetGenericPortMappingEntry", [new("NewPortMappingIndex", Invariant(index))], null, cancellationToken);
            if (!answer.IsSuccess)
            {
                // 713 marks the end; some routers say 714 or 402 instead.
                if (answer.Error.Code is UpnpErrors.ArrayIndexInvalid or UpnpErrors.NoSuchEntry or UpnpErrors.InvalidArgs)
                {
                    break;
                }

                return answer.Error;
            }

            if (ReadMapping(answer.Value!.Outputs, _time.GetUtcNow()) is { } m)
            {
                list.Add(m);
            }
        }

        return NatResult<IReadOnlyList<PortMapping>>.Ok(list);
    }

    /// <summary>A PortMapping from GetGenericPortMappingEntry / GetSpecificPortMappingEntry outputs.</summary>
    internal static PortMapping? ReadMapping(IReadOnlyDictionary<string, string> o, DateTimeOffset now)
    {
        string Get(string n) => o.TryGetValue(n, out var v) ? v.Trim() : "";
        if (!int.TryParse(Get("NewExternalPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var external)
            || !PortProtocolNames.TryParse(Get("NewProtocol"), out var protocol)
            || !int.TryParse(Get("NewInternalPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var internalPort)
            || !IPAddress.TryParse(Get("NewInternalClient"), out var client))
        {
            return null;
        }

        _ = uint.TryParse(Get("NewLeaseDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var lease);
        return new PortMapping(protocol, external, client, internalPort)
        {
            Description = Get("NewPortMappingDescription"),
            Lease = TimeSpan.FromSeconds(lease),
            ExpiresAt = lease == 0 ? null : now.AddSeconds(lease),
            Enabled = Get("NewEnabled") is not ("0" or "false"),
            RemoteHost = Get("NewRemoteHost"),
        };
    }

    private async Task<NatResult<SoapAnswer>> CallAsync(string action, KeyValuePair<string, string>[] args, string? port,
        CancellationToken cancellationToken)
    {
        var serviceType = Description.ServiceType;
        using var request = new HttpRequestMessage(HttpMethod.Post, Description.ControlUrl)
        {
            Content = new StringContent(Soap.BuildRequest(serviceType, action, args), Encoding.UTF8, "text/xml"),
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{serviceType}#{action}\"");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _http.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.InternalServerError) || body.Length == 0)
            {
                return new NatError(NatErrorKind.Transport, $"The router answered {action} with HTTP {(int)response.StatusCode} {response.ReasonPhrase}.")
                { Protocol = Protocol, Code = (int)response.StatusCode };
            }

            var answer = Soap.ParseResponse(body);
            if (answer.IsFault)
            {
                return UpnpErrors.FromCode(answer.ErrorCode!.Value, answer.ErrorDescription, port);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new NatError(NatErrorKind.InvalidResponse, $"The router answered {action} with HTTP 500 but no UPnP error.") { Protocol = Protocol };
            }

            return NatResult<SoapAnswer>.Ok(answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NatError(NatErrorKind.NoResponse,
                $"The router at {Description.ControlUrl.Authority} did not answer {action} within {_requestTimeout.TotalSeconds:0.#} s.") { Protocol = Protocol };
        }
        catch (HttpRequestException e)
        {
            return new NatError(NatErrorKind.Transport, $"Could not reach the router at {Description.ControlUrl.Authority}: {e.Message}") { Protocol = Protocol };
        }
        catch (XmlException e)
        {
            return new NatError(NatErrorKind.InvalidResponse, $"The router's answer to {action} is not valid SOAP: {e.Message}") { Protocol = Protocol };
        }
    }

    public void Dispose() => _http.Dispose();

    private static string PortName(PortProtocol protocol, int port) => $"{Invariant(port)}/{protocol.ToWireName()}";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
