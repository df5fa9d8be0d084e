using PortFwd.Core.Rules.Validation;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Relay.Rules;

namespace PortFwd.Web.Forwarding;

/// <summary>Turns a saved rule into what the relay runs.</summary>
public static class RelayRules
{
    public static bool IsRelayed(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Protocol is Protocol.Tcp or Protocol.Udp or Protocol.TcpUdp;
    }

    public static RelayRule From(ForwardingRule rule, IPAddress listenAddress)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(
            rule.Id,
            rule.Name,
            rule.Protocol switch
            {
                Protocol.Udp => RelayTransport.Udp,
                Protocol.TcpUdp => RelayTransport.TcpAndUdp,
                _ => RelayTransport.Tcp,
            },
            listenAddress,
            rule.ExternalPort,
            rule.ExternalPortEnd ?? rule.ExternalPort,
            rule.InternalHost,
            rule.InternalPort,
            [.. rule.AllowedSources.Select(IPNetwork.Parse)],
            Limits(rule),
            rule.ProxyProtocol switch
            {
                ProxyProtocolMode.V1 => ProxyProtocolVersion.V1,
                ProxyProtocolMode.V2 => ProxyProtocolVersion.V2,
                _ => ProxyProtocolVersion.Off,
            });
    }

    /// <summary>The rule's limits in the relay's units (KB/s are 1,024 bytes a second); the rest keep the relay's defaults.</summary>
    public static RelayLimits Limits(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var limits = new RelayLimits(
            MaxTcpConnections: rule.MaxConnections,
            MaxConnectionsPerSource: rule.MaxConnectionsPerSource,
            RateLimitInBytesPerSecond: rule.RateLimitInKBps * 1024L,
            RateLimitOutBytesPerSecond: rule.RateLimitOutKBps * 1024L);
        return limits == RelayLimits.Default ? RelayLimits.Default : limits;
    }

    /// <summary>
    /// The rule's own listen address, else the configured default (parsed and checked at start), else every address
    /// (IPv4 and IPv6). A saved address that is not an IP address is an error for that rule, never "every address".
    /// </summary>
    public static ListenAddressResult ListenAddress(ForwardingRule rule, IPAddress? configuredDefault)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrWhiteSpace(rule.ListenAddress))
        {
            return ListenAddressResult.Ok(configuredDefault ?? IPAddress.IPv6Any);
        }

        return AddressText.TryParse(rule.ListenAddress, out var own)
            ? ListenAddressResult.Ok(own)
            : ListenAddressResult.Fail(new ListenAddressError(RuleStatusMessages.ListenAddressInvalid.With(rule.ListenAddress)));
    }
}

/// <summary>Why a saved rule has no address to listen on.</summary>
public sealed record ListenAddressError(ValidationMessage Reason)
{
    public string Message => Reason.Text;
}

/// <summary>The address a saved rule listens on, or why it has none.</summary>
public sealed class ListenAddressResult
{
    private ListenAddressResult(IPAddress? value, ListenAddressError? error) => (Value, Error) = (value, error);

    public IPAddress? Value { get; }

    public ListenAddressError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static ListenAddressResult Ok(IPAddress address) => new(address ?? throw new ArgumentNullException(nameof(address)), null);

    public static ListenAddressResult Fail(ListenAddressError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
