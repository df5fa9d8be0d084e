using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// The state between the password and the code on the sign-in page: a short-lived ticket protected with Data
/// Protection, kept in a cookie of its own. It is not a sign-in: nothing but the code page accepts it, and it names
/// the account's security stamp, so a password change in the meantime voids it.
/// </summary>
public sealed class PendingSignIns(IDataProtectionProvider provider, TimeProvider time)
{
    public const string Purpose = "PortFwd.Accounts.PendingSignIn.v1";
    public const string CookieName = "portfwd.signin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Issue(int accountId, string securityStamp) =>
        _protector.Protect(string.Join('|', accountId.ToString(CultureInfo.InvariantCulture), securityStamp,
            time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

    /// <summary>The account and stamp a ticket was issued for, or null when it is unreadable or older than <see cref="Lifetime"/>.</summary>
    public (int AccountId, string SecurityStamp)? Read(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        string text;
        try
        {
            text = _protector.Unprotect(ticket);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = text.Split('|');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return null;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued);
        return age >= TimeSpan.Zero && age <= Lifetime ? (accountId, parts[1]) : null;
    }
}
