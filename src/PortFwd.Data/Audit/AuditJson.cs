using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PortFwd.Core.Blocklist;
using PortFwd.Core.DynamicDns;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;

namespace PortFwd.Data.Audit;

/// <summary>
/// The before/after pictures of what the log records, in the REST API's field names. Secrets are never written: a
/// password, token or private key that is there shows as <see cref="Masked"/>, and one a change replaced as
/// <see cref="Changed"/>, so the log says that it changed without saying what it is.
/// </summary>
public static class AuditJson
{
    /// <summary>A secret that is set (its value is never shown).</summary>
    public const string Masked = "••••";

    /// <summary>A secret this change replaced.</summary>
    public const string Changed = "(changed)";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // The log is read by people: "••••" and "→" stay themselves rather than \u escapes. Never put into HTML unencoded.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The JSON text of <paramref name="value"/>; null stays null.</summary>
    public static string? Write(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>A rule's fields as the API takes them (nothing in a rule is secret).</summary>
    public static RuleDraft Of(ForwardingRule rule) => rule.ToDraft();

    /// <summary>A Dynamic DNS name with its secrets masked; <paramref name="previous"/> marks those a change replaced.</summary>
    public static object Of(DdnsName name, DdnsName? previous = null) => new
    {
        provider = name.Provider.ToName(),
        hostname = name.HostName,
        username = name.Username,
        server = name.Server,
        ipv4 = name.Ipv4,
        ipv6 = name.Ipv6,
        enabled = name.Enabled,
        password = Secret(name.ProtectedPassword, previous?.ProtectedPassword, previous is not null),
        token = Secret(name.ProtectedToken, previous?.ProtectedToken, previous is not null),
    };

    public static object Of(BlocklistEntry entry) => new { address = entry.Network, note = entry.Note, expiresAt = entry.ExpiresAt };

    /// <summary>A certificate's public facts; its private key only as <see cref="Masked"/>.</summary>
    public static object Of(StoredCertificate certificate) => new
    {
        names = certificate.Names,
        source = certificate.Source.ToString(),
        subject = certificate.Subject,
        issuer = certificate.Issuer,
        thumbprint = certificate.Thumbprint,
        notAfter = certificate.NotAfter,
        ruleId = certificate.RuleId,
        privateKey = Masked,
    };

    /// <summary><c>rule 12 "Minecraft"</c>.</summary>
    public static string Target(ForwardingRule rule) => $"rule {rule.Id} \"{rule.Name}\"";

    public static string Target(DdnsName name) => $"ddns {name.Id} \"{name.HostName}\"";

    public static string Target(BlocklistEntry entry) => $"blocklist {entry.Id} \"{entry.Network}\"";

    public static string Target(StoredCertificate certificate) => $"certificate {certificate.Id} \"{string.Join(", ", certificate.Names)}\"";

    private static string? Secret(string? now, string? before, bool changing) =>
        now is null ? null : changing && !string.Equals(now, before, StringComparison.Ordinal) ? Changed : Masked;
}
