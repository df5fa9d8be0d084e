using System.Net;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules.Validation;
using static PortFwd.Web.DynamicDns.DdnsUpdateMessages;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// What a provider made of one update, in the panel's terms: done (<see cref="DdnsStatus.Good"/>,
/// <see cref="DdnsStatus.NoChange"/>), <see cref="DdnsStatus.Stopped"/> until the name's settings change, or
/// <see cref="DdnsStatus.Retrying"/> after <see cref="RetryAfter"/>. <see cref="Said"/> is the result with its code
/// (<see cref="DdnsUpdateMessages"/>); <see cref="Message"/> its English.
/// </summary>
public sealed record DdnsAnswer(DdnsStatus Status, ValidationMessage Said, TimeSpan? RetryAfter = null)
{
    /// <summary>A failure of the network or the provider's servers: worth trying again, not too soon.</summary>
    public static readonly TimeSpan ServerTroublePause = TimeSpan.FromMinutes(5);

    /// <summary>No-IP's "911" asks clients to wait at least 30 minutes.</summary>
    public static readonly TimeSpan ProviderTroublePause = TimeSpan.FromMinutes(30);

    /// <summary>The result in English, as the API and the log say it.</summary>
    public string Message => Said.Text;

    public static DdnsAnswer Done(bool changed, ValidationMessage said) => new(changed ? DdnsStatus.Good : DdnsStatus.NoChange, said);

    public static DdnsAnswer Stop(ValidationMessage said) => new(DdnsStatus.Stopped, said);

    public static DdnsAnswer Retry(ValidationMessage said, TimeSpan after) => new(DdnsStatus.Retrying, said, after);

    /// <summary>An HTTP status that is not an answer of the protocol: refused credentials stop, server trouble retries.</summary>
    public static DdnsAnswer FromHttpStatus(string provider, HttpStatusCode status) => (int)status switch
    {
        401 or 403 => Stop(CredentialsRefused.With(provider, (int)status)),
        404 => Stop(NoUpdateService.With(provider)),
        429 => Retry(SlowDown.With(provider), ProviderTroublePause),
        >= 500 => Retry(ServerError.With(provider, (int)status), ServerTroublePause),
        _ => Stop(UnknownStatus.With(provider, (int)status)),
    };

    /// <param name="provider">The provider's name.</param>
    /// <param name="why">Why it could not be reached (a <see cref="DdnsUpdateMessages"/> reason).</param>
    public static DdnsAnswer Unreachable(string provider, ValidationMessage why) => Retry(DdnsUpdateMessages.Unreachable.With(provider, why), ServerTroublePause);

    public static DdnsAnswer TimedOut(string provider) => Retry(DdnsUpdateMessages.TimedOut.With(provider), ServerTroublePause);
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
