using System.Net;
using PortFwd.Core.DynamicDns;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// What a provider made of one update, in the panel's terms: done (<see cref="DdnsStatus.Good"/>,
/// <see cref="DdnsStatus.NoChange"/>), <see cref="DdnsStatus.Stopped"/> until the name's settings change, or
/// <see cref="DdnsStatus.Retrying"/> after <see cref="RetryAfter"/>.
/// </summary>
public sealed record DdnsAnswer(DdnsStatus Status, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>A failure of the network or the provider's servers: worth trying again, not too soon.</summary>
    public static readonly TimeSpan ServerTroublePause = TimeSpan.FromMinutes(5);

    /// <summary>No-IP's "911" asks clients to wait at least 30 minutes.</summary>
    public static readonly TimeSpan ProviderTroublePause = TimeSpan.FromMinutes(30);

    public static DdnsAnswer Done(bool changed, string message) => new(changed ? DdnsStatus.Good : DdnsStatus.NoChange, message);

    public static DdnsAnswer Stop(string message) => new(DdnsStatus.Stopped, message);

    public static DdnsAnswer Retry(string message, TimeSpan after) => new(DdnsStatus.Retrying, message, after);

    /// <summary>An HTTP status that is not an answer of the protocol: refused credentials stop, server trouble retries.</summary>
    public static DdnsAnswer FromHttpStatus(string provider, HttpStatusCode status) => (int)status switch
    {
        401 or 403 => Stop($"{provider} refused the credentials ({(int)status}); check them and save the name again."),
        404 => Stop($"{provider} has no update service at this address (404); check the server URL."),
        429 => Retry($"{provider} asks to slow down (429); trying again later.", ProviderTroublePause),
        >= 500 => Retry($"{provider} had a server error ({(int)status}); trying again later.", ServerTroublePause),
        _ => Stop($"{provider} answered {(int)status}, which the panel does not understand; check the server URL."),
    };

    public static DdnsAnswer Unreachable(string provider, string why) => Retry($"{provider} could not be reached ({why}); trying again later.", ServerTroublePause);

    public static DdnsAnswer TimedOut(string provider) => Retry($"{provider} did not answer in time; trying again later.", ServerTroublePause);
}

/// <summary>
/// One update to send: the name, its IPv4 address (the A record; null when the name keeps only its AAAA record), its
/// IPv6 address (the AAAA record; null when the name does not ask for it or the machine has none), and its secrets
/// (decrypted just for this request).
/// </summary>
public sealed record DdnsRequest(DdnsName Name, IPAddress? Address, string? Password, string? Token, IPAddress? Ipv6Address = null)
{
    /// <summary>The addresses sent, as history shows them: <c>203.0.113.7</c>, <c>2001:db8::7</c> or <c>203.0.113.7, 2001:db8::7</c>.</summary>
    public string Addresses => Join(Address, Ipv6Address);

    public static string Join(IPAddress? ipv4, IPAddress? ipv6) => string.Join(", ", new[] { ipv4, ipv6 }.OfType<IPAddress>());

    /// <summary>Never shows the secrets, even if the request lands in a log or an exception message.</summary>
    public override string ToString() => $"{Name.Provider.ToName()} {Name.HostName} -> {Addresses}";
}

/// <summary>Talks one provider's update protocol.</summary>
public interface IDdnsProviderClient
{
    Task<DdnsAnswer> UpdateAsync(DdnsRequest request, CancellationToken ct);
}
