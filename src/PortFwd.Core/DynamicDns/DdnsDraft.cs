namespace PortFwd.Core.DynamicDns;

/// <summary>
/// A Dynamic DNS name as the user typed it, in the form or the API, before validation. <see cref="DdnsValidator"/>
/// turns it into a <see cref="DdnsName"/> or field errors. A missing <see cref="Password"/> or <see cref="Token"/>
/// on a change keeps the stored one.
/// </summary>
public sealed class DdnsDraft
{
    public string? Provider { get; set; }

    public string? Hostname { get; set; }

    public string? Username { get; set; }

    /// <summary>Write-only: saved encrypted, never shown again.</summary>
    public string? Password { get; set; }

    /// <summary>Write-only: saved encrypted, never shown again.</summary>
    public string? Token { get; set; }

    public string? Server { get; set; }

    public bool Ipv4 { get; set; } = true;

    public bool Ipv6 { get; set; }

    public bool Enabled { get; set; } = true;

    public DateOnly? ConfirmBy { get; set; }
}
