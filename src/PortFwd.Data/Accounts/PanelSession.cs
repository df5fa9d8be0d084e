namespace PortFwd.Data.Accounts;

/// <summary>
/// One browser signed in to the panel: made at sign-in, deleted at sign-out, when signed out from another browser,
/// by a password change, or once past its lifetime or idle limit. The cookie carries a random key; only its
/// SHA-256 hash is stored, so the table alone cannot sign anybody in.
/// </summary>
public sealed class PanelSession
{
    public const int MaxAddressLength = 64;
    public const int MaxUserAgentLength = 256;

    /// <summary>The public id (API, Account page); it signs nobody in.</summary>
    public int Id { get; set; }

    public int AccountId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key the cookie carries.</summary>
    public string KeyHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last request (or open page) of this browser, to the minute.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The address the browser signed in from, as people write it.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The browser's User-Agent at sign-in, clipped to <see cref="MaxUserAgentLength"/>.</summary>
    public string? UserAgent { get; set; }
}
