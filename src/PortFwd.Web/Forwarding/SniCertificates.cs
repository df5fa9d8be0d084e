using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PortFwd.Core.Rules;
using PortFwd.Web.Certificates;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// Picks the certificate of an HTTPS port's handshake by the name the client asks for (SNI), from a map that is
/// replaced whole when rules or certificates change: the next handshake sees the new map, connections already open
/// keep theirs. A name no rule names gets the certificate of the port's rule without host names (it answers any
/// name); without such a rule the handshake is refused, so a stranger probing the address learns no site's name.
/// </summary>
internal sealed class SniCertificates
{
    private volatile Map _map = new(new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase), null);

    /// <summary>Rebuilds the map: each rule's host names to its certificate, the first rule (by id) winning a name two rules share.</summary>
    public void Update(IReadOnlyList<ForwardingRule> rules, IReadOnlyDictionary<int, ServedCertificate?> certificates)
    {
        var names = new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase);
        ServedCertificate? anyName = null;
        foreach (var rule in rules.OrderBy(r => r.Id))
        {
            if (!certificates.TryGetValue(rule.Id, out var certificate) || certificate is null)
            {
                continue;
            }

            if (rule.HostNames.Count == 0)
            {
                anyName ??= certificate;
            }

            foreach (var name in rule.HostNames)
            {
                names.TryAdd(name, certificate);
            }
        }

        _map = new Map(names, anyName);
    }

    /// <summary>The certificate for a name the client sent (none, or an address, counts as no name).</summary>
    public ServedCertificate? Select(string? serverName)
    {
        var map = _map;
        if (string.IsNullOrEmpty(serverName))
        {
            return map.AnyName;
        }

        var name = serverName.TrimEnd('.');
        if (map.Names.TryGetValue(name, out var exact))
        {
            return exact;
        }

        // A rule named *.example.com answers www.example.com (one label, as certificates match).
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && map.Names.TryGetValue(string.Concat("*", name.AsSpan(dot)), out var wildcard))
        {
            return wildcard;
        }

        return map.AnyName;
    }

    /// <summary>Kestrel's per-connection callback: the handshake options of the certificate SNI picks.</summary>
    public ValueTask<SslServerAuthenticationOptions> HandshakeAsync(TlsHandshakeCallbackContext context)
    {
        if (Select(context.ClientHelloInfo.ServerName) is not { } certificate)
        {
            // Kestrel closes the connection; the client sees the handshake fail.
            throw new AuthenticationFailure($"No HTTPS rule on this port answers \"{context.ClientHelloInfo.ServerName}\".");
        }

        return ValueTask.FromResult(certificate.HandshakeOptions());
    }

    private sealed record Map(Dictionary<string, ServedCertificate> Names, ServedCertificate? AnyName);

    /// <summary>A handshake for a name no rule of the port serves.</summary>
    private sealed class AuthenticationFailure(string message) : System.Security.Authentication.AuthenticationException(message);
}
