namespace PortFwd.Core.DynamicDns;

/// <summary>
/// A host name the panel keeps pointed at the public address, as saved. Its secrets are kept encrypted
/// (<see cref="ProtectedPassword"/>, <see cref="ProtectedToken"/>): the panel encrypts them before saving and
/// decrypts them only to send an update; they are never shown.
/// </summary>
public sealed class DdnsName
{
    public int Id { get; set; }

    public DdnsProvider Provider { get; set; }

    /// <summary>The full host name, lower case (<c>home.example.net</c>, <c>myname.duckdns.org</c>).</summary>
    public string HostName { get; set; } = "";

    /// <summary>The dyndns2 family's user name; null for token providers.</summary>
    public string? Username { get; set; }

    /// <summary>The update service's URL when the user gave one; null means <see cref="DdnsProviderNames.DefaultServer"/>.</summary>
    public string? Server { get; set; }

    /// <summary>Keep the A record (IPv4) up to date.</summary>
    public bool Ipv4 { get; set; } = true;

    /// <summary>Keep the AAAA record (IPv6) up to date.</summary>
    public bool Ipv6 { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>No-IP free names only: the date by which the user must confirm the name on No-IP's site.</summary>
    public DateOnly? ConfirmBy { get; set; }

    /// <summary>The password, encrypted by the panel; null when the provider uses none.</summary>
    public string? ProtectedPassword { get; set; }

    /// <summary>The token, encrypted by the panel; null when the provider uses none.</summary>
    public string? ProtectedToken { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The service updates are sent to: the one the user gave, else the provider's own.</summary>
    public Uri? ServerUrl => Server is { } server ? new Uri(server) : Provider.DefaultServer();

    /// <summary>The fields a person edits, from another name (not the id, the secrets or the times).</summary>
    public void CopyEditableFrom(DdnsName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Provider = other.Provider;
        HostName = other.HostName;
        Username = other.Username;
        Server = other.Server;
        Ipv4 = other.Ipv4;
        Ipv6 = other.Ipv6;
        Enabled = other.Enabled;
        ConfirmBy = other.ConfirmBy;
    }
}
