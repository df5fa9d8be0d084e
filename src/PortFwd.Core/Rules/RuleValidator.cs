using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Core.Rules;

/// <summary>
/// Checks a rule as typed and normalizes it. The form and the API both use this, so the same input
/// gets the same messages everywhere. Conflicts with other rules are checked by <see cref="RuleConflicts"/>.
/// </summary>
public static class RuleValidator
{
    public static RuleValidationResult Validate(RuleDraft draft, RuleValidationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        context ??= RuleValidationContext.Empty;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Error(RuleFields.Name, "Give the rule a name, for example \"Web server\".");
        }
        else if (name.Length > RuleLimits.MaxNameLength)
        {
            Error(RuleFields.Name, $"The name can be at most {RuleLimits.MaxNameLength} characters; this one has {name.Length}.");
        }
        else if (name.Any(char.IsControl))
        {
            Error(RuleFields.Name, "The name cannot contain line breaks or control characters.");
        }

        var protocolKnown = ProtocolNames.TryParse(draft.Protocol, out var protocol);
        if (!protocolKnown)
        {
            Error(RuleFields.Protocol, string.IsNullOrWhiteSpace(draft.Protocol)
                ? "Choose a protocol: TCP, UDP, TCP/UDP or HTTP."
                : $"\"{draft.Protocol}\" is not a protocol this panel knows; choose TCP, UDP, TCP/UDP or HTTP.");
        }

        var isHttp = protocolKnown && protocol == Protocol.Http;

        int? externalPort = null;
        if (draft.ExternalPort is not { } ext)
        {
            Error(RuleFields.ExternalPort, "Enter the external port, a number from 1 to 65535.");
        }
        else if (!IsPort(ext))
        {
            Error(RuleFields.ExternalPort, $"The external port must be from 1 to 65535; {ext} is outside that.");
        }
        else
        {
            externalPort = ext;
        }

        int? externalPortEnd = null;
        if (draft.ExternalPortEnd is { } end && (draft.ExternalPort is null || end != draft.ExternalPort))
        {
            if (isHttp)
            {
                Error(RuleFields.ExternalPortEnd, "HTTP rules listen on a single port; leave External port end empty.");
            }
            else if (!IsPort(end))
            {
                Error(RuleFields.ExternalPortEnd, $"The last port of the range must be from 1 to 65535; {end} is outside that.");
            }
            else if (externalPort is { } start && end < start)
            {
                Error(RuleFields.ExternalPortEnd, $"The last port of the range ({end}) must not be below the first port ({start}).");
            }
            else if (externalPort is { } first && end - first + 1 > RuleLimits.MaxRangePorts)
            {
                Error(RuleFields.ExternalPortEnd, $"A range can hold at most {RuleLimits.MaxRangePorts} ports; {first}-{end} has {end - first + 1}.");
            }
            else
            {
                externalPortEnd = end;
            }
        }

        var internalHost = draft.InternalHost?.Trim() ?? "";
        if (internalHost.Length == 0)
        {
            Error(RuleFields.InternalHost, "Enter the internal host: the LAN address (like 192.168.1.20) or name of the machine that runs the service.");
        }
        else if (!TryNormalizeHost(internalHost, out internalHost, out var hostProblem))
        {
            Error(RuleFields.InternalHost, hostProblem);
        }

        var portCount = externalPort is { } s && externalPortEnd is { } e ? e - s + 1 : 1;
        if (draft.InternalPort is not { } intPort)
        {
            Error(RuleFields.InternalPort, "Enter the internal port, a number from 1 to 65535.");
        }
        else if (!IsPort(intPort))
        {
            Error(RuleFields.InternalPort, $"The internal port must be from 1 to 65535; {intPort} is outside that.");
        }
        else if (intPort + portCount - 1 > RuleLimits.MaxPort)
        {
            Error(RuleFields.InternalPort,
                $"The range maps {portCount} ports one to one, so the internal ports would run {intPort}-{intPort + portCount - 1}, past 65535; choose an internal port of at most {RuleLimits.MaxPort - portCount + 1}.");
        }

        var allowed = new List<string>();
        var sources = Clean(draft.AllowedSources);
        if (sources.Count > RuleLimits.MaxAllowedSources)
        {
            Error(RuleFields.AllowedSources, $"At most {RuleLimits.MaxAllowedSources} allowed sources; this rule has {sources.Count}.");
        }

        foreach (var source in sources)
        {
            if (TryNormalizeSource(source, out var network, out var problem))
            {
                if (!allowed.Contains(network, StringComparer.Ordinal))
                {
                    allowed.Add(network);
                }
            }
            else
            {
                Error(RuleFields.AllowedSources, problem);
            }
        }

        var hostNames = new List<string>();
        var names = Clean(draft.HostNames);
        if (names.Count > 0 && protocolKnown && !isHttp)
        {
            Error(RuleFields.HostNames, "Host names only apply to HTTP rules; clear them or choose HTTP.");
        }
        else if (names.Count > RuleLimits.MaxHostNames)
        {
            Error(RuleFields.HostNames, $"At most {RuleLimits.MaxHostNames} host names; this rule has {names.Count}.");
        }
        else
        {
            foreach (var hostName in names)
            {
                var normalized = hostName.ToLowerInvariant().TrimEnd('.');
                var bare = normalized.StartsWith("*.", StringComparison.Ordinal) ? normalized[2..] : normalized;
                if (!IsHostName(bare) || IPAddress.TryParse(bare, out _))
                {
                    Error(RuleFields.HostNames, $"\"{hostName}\" is not a host name; use names like example.com or *.example.com.");
                }
                else if (!hostNames.Contains(normalized, StringComparer.Ordinal))
                {
                    hostNames.Add(normalized);
                }
            }
        }

        string? pathPrefix = null;
        var rawPrefix = draft.PathPrefix?.Trim();
        if (!string.IsNullOrEmpty(rawPrefix))
        {
            if (protocolKnown && !isHttp)
            {
                Error(RuleFields.PathPrefix, "A path prefix only applies to HTTP rules; clear it or choose HTTP.");
            }
            else if (!rawPrefix.StartsWith('/'))
            {
                Error(RuleFields.PathPrefix, $"The path prefix must start with \"/\", like /app; \"{rawPrefix}\" does not.");
            }
            else if (rawPrefix.Length > RuleLimits.MaxPathPrefixLength)
            {
                Error(RuleFields.PathPrefix, $"The path prefix can be at most {RuleLimits.MaxPathPrefixLength} characters.");
            }
            else if (rawPrefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#'))
            {
                Error(RuleFields.PathPrefix, "The path prefix cannot contain spaces, '?' or '#'.");
            }
            else
            {
                var trimmed = rawPrefix.TrimEnd('/');
                pathPrefix = trimmed.Length > 0 ? trimmed : null;
            }
        }

        var description = draft.Description?.Trim();
        if (description?.Length > RuleLimits.MaxDescriptionLength)
        {
            Error(RuleFields.Description, $"The description can be at most {RuleLimits.MaxDescriptionLength} characters; this one has {description.Length}.");
        }

        string? listenAddress = null;
        var rawListen = draft.ListenAddress?.Trim();
        if (!string.IsNullOrEmpty(rawListen))
        {
            if (!TryParseAddress(rawListen, out var listen) || listen.IsIPv4MappedToIPv6 || IsMulticastOrBroadcast(listen))
            {
                Error(RuleFields.ListenAddress, $"\"{rawListen}\" is not an address this machine can listen on; use an IP address of this machine, like 192.168.1.10, or leave it empty for all addresses.");
            }
            else
            {
                listenAddress = listen.ToString();
            }
        }

        if (externalPort is { } extStart && protocolKnown && protocol.UsesTcp())
        {
            var range = new PortRange(extStart, externalPortEnd ?? extStart);
            foreach (var reserved in context.ReservedPorts)
            {
                if (range.Contains(reserved.Port))
                {
                    Error(RuleFields.ExternalPort, $"Port {reserved.Port} is {reserved.Reason}; choose another external port.");
                }
            }
        }

        if (externalPort is { } loopStart && draft.InternalPort is { } loopTarget && IsPort(loopTarget) && IsThisMachine(internalHost)
            && new PortRange(loopStart, externalPortEnd ?? loopStart).Overlaps(new PortRange(loopTarget, loopTarget + portCount - 1)))
        {
            Error(RuleFields.InternalPort, "This would forward the port to itself on this machine; choose another internal port or host.");
        }

        if (errors.Count > 0)
        {
            return new RuleValidationResult(null, errors);
        }

        var rule = new ForwardingRule
        {
            Name = name,
            Protocol = protocol,
            ExternalPort = externalPort!.Value,
            ExternalPortEnd = externalPortEnd,
            InternalHost = internalHost,
            InternalPort = draft.InternalPort!.Value,
            Enabled = draft.Enabled,
            OpenOnRouter = draft.OpenOnRouter,
            AllowedSources = allowed,
            HostNames = hostNames,
            PathPrefix = pathPrefix,
            Description = string.IsNullOrEmpty(description) ? null : description,
            ListenAddress = listenAddress,
        };
        return new RuleValidationResult(rule, errors);
    }

    private static bool IsPort(int port) => port is >= RuleLimits.MinPort and <= RuleLimits.MaxPort;

    private static List<string> Clean(List<string>? values) =>
        values?.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList() ?? [];

    private static bool IsMulticastOrBroadcast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv6Multicast
            : address.GetAddressBytes()[0] >= 224 || address.Equals(IPAddress.Broadcast);

    private static bool IsThisMachine(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    private static bool TryNormalizeHost(string host, out string normalized, out string problem)
    {
        normalized = host;
        problem = "";
        var unbracketed = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (TryParseAddress(unbracketed, out var address))
        {
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                problem = $"{host} means \"no address\"; enter the address of the machine that runs the service.";
                return false;
            }

            if (IsMulticastOrBroadcast(address))
            {
                problem = $"{host} is a broadcast or multicast address; enter the address of one machine.";
                return false;
            }

            normalized = address.ToString();
            return true;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (IsHostName(name) && !name.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            normalized = name;
            return true;
        }

        problem = IncludesPort(host)
            ? $"\"{host}\" includes a port; put the host here and the port in Internal port."
            : $"\"{host}\" is not an IP address or host name; use an address like 192.168.1.20 or a name like nas.local.";
        return false;
    }

    /// <summary>
    /// Parses an IP address only in its plain forms. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
    /// shorthand ("10" is 0.0.0.10), octal and hex parts ("010" is 8) and an IPv6 address with a port ("[::1]:80"),
    /// which would silently change what the user typed; dotted-quad parts here are always decimal.
    /// </summary>
    private static bool TryParseAddress(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return text.IndexOfAny(['[', ']']) < 0 && IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit)
                || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>"host:80", "192.168.1.20:80" or "[2001:db8::1]:80", not a URL or a bare IPv6 address.</summary>
    private static bool IncludesPort(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon <= 0 || colon == host.Length - 1 || !host[(colon + 1)..].All(char.IsAsciiDigit))
        {
            return false;
        }

        return host.StartsWith('[') ? host[colon - 1] == ']' : host.Count(c => c == ':') == 1;
    }

    private static bool IsHostName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool TryNormalizeSource(string source, out string network, out string problem)
    {
        network = "";
        problem = "";
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? source : source[..slash];
        if (!TryParseAddress(addressPart, out var address))
        {
            problem = $"\"{source}\" is not an address or network; use forms like 203.0.113.7 or 203.0.113.0/24.";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(source.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            problem = $"\"{source}\" has a bad prefix length; after the \"/\" put a number from 0 to {maxPrefix}.";
            return false;
        }

        var ipNetwork = new IPNetwork(Mask(address, prefix), prefix);
        if (!ipNetwork.BaseAddress.Equals(address))
        {
            problem = $"\"{source}\" has bits set past the /{prefix} prefix; did you mean {ipNetwork}?";
            return false;
        }

        network = ipNetwork.ToString();
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
