using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// Keeps TOTP secrets out of the database in plain text: they are protected with the panel's Data Protection
/// keys (in the data folder's <c>keys/</c>) under a purpose of their own, so a copy of the database alone
/// cannot make codes, and nothing else protected by the panel can be passed off as a secret.
/// </summary>
public sealed class TwoFactorSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "PortFwd.Accounts.TotpSecret.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    /// <summary>The secret, or null when it cannot be read (keys lost, value tampered with).</summary>
    public byte[]? Unprotect(string? protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(Convert.FromBase64String(protectedSecret));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
