namespace PortFwd.Data.Accounts;

/// <summary>A bearer token for automation. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public int AccountId { get; set; }

    public AdminAccount? Account { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
