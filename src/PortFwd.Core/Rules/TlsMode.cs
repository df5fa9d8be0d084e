using System.Text.Json.Serialization;

namespace PortFwd.Core.Rules;

/// <summary>Whether an HTTP rule answers over HTTPS, and where its certificate comes from.</summary>
public enum TlsMode
{
    /// <summary>Plain HTTP (every rule saved before HTTPS existed).</summary>
    Off,

    /// <summary>HTTPS with a certificate issued and renewed by an ACME CA (Let's Encrypt).</summary>
    Acme,

    /// <summary>HTTPS with a certificate the panel generates for the rule; browsers do not trust it (LAN use).</summary>
    [JsonStringEnumMemberName("selfSigned")]
    SelfSigned,

    /// <summary>HTTPS with a certificate the user uploaded (<see cref="ForwardingRule.CertificateId"/>).</summary>
    Uploaded,
}

/// <summary>The wire names of <see cref="TlsMode"/> (<c>off</c>, <c>acme</c>, <c>selfSigned</c>, <c>uploaded</c>).</summary>
public static class TlsModeNames
{
    public static IReadOnlyList<string> All { get; } = ["off", "acme", "selfSigned", "uploaded"];

    public static string ToName(this TlsMode mode) => mode switch
    {
        TlsMode.Off => "off",
        TlsMode.Acme => "acme",
        TlsMode.SelfSigned => "selfSigned",
        TlsMode.Uploaded => "uploaded",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Reads a wire name; case and a dash (<c>self-signed</c>) do not matter, and a missing one is off.</summary>
    public static bool TryParse(string? name, out TlsMode mode)
    {
        switch (name?.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())
        {
            case null or "" or "off": mode = TlsMode.Off; return true;
            case "acme": mode = TlsMode.Acme; return true;
            case "selfsigned": mode = TlsMode.SelfSigned; return true;
            case "uploaded": mode = TlsMode.Uploaded; return true;
            default: mode = default; return false;
        }
    }
}
