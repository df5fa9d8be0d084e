namespace PortFwd.Data.Accounts;

/// <summary>A person who may sign in to the panel. Only the password's hash is stored.</summary>
public sealed class AdminAccount
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// A random value carried in every sign-in cookie; changing it (new password, reset from the command line)
    /// makes every cookie issued before unusable at once.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>The two-factor (TOTP) secret protected with ASP.NET Data Protection; null while two-factor sign-in is off.</summary>
    public string? TotpSecretProtected { get; set; }

    /// <summary>The time step of the last code accepted, so the same code cannot be used twice.</summary>
    public long? TotpLastTimeStep { get; set; }

    /// <summary>SHA-256 hashes (hex, space-separated) of the recovery codes not used yet.</summary>
    public string? RecoveryCodeHashes { get; set; }

    /// <summary>Whether sign-in asks for a code after the password.</summary>
    public bool HasTwoFactor => TotpSecretProtected is not null;
}
