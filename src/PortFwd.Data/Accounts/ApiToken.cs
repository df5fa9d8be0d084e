namespace PortFwd.Data.Accounts;

/// <summary>What a token may do.</summary>
public enum ApiTokenScope
{
    /// <summary>Everything the signed-in owner may do on the panel.</summary>
    Admin,

    /// <summary>Only reading: GET and HEAD requests (the API's lists and reports, <c>/metrics</c>).</summary>
    Read,
}

/// <summary>A named bearer token for automation. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public const int MaxNameLength = 64;

    public int Id { get; set; }

    public int AccountId { get; set; }

    public AdminAccount? Account { get; set; }

    /// <summary>What the owner calls it ("prometheus", "backup script"); unique per account, in any case.</summary>
    public string Name { get; set; } = "";

    public ApiTokenScope Scope { get; set; } = ApiTokenScope.Admin;

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a request last signed in with it, to the minute (it is written at most once a minute); null if never.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
