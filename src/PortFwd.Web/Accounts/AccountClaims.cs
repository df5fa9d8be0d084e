using System.Globalization;
using System.Security.Claims;
using PortFwd.Data.Accounts;

namespace PortFwd.Web.Accounts;

internal static class AccountClaims
{
    public static Claim[] For(AdminAccount account) =>
    [
        new(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, account.UserName),
        new(SecurityStamps.ClaimType, account.SecurityStamp),
    ];

    /// <summary>The signed-in account's id, when the principal has one.</summary>
    public static int? AccountId(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
