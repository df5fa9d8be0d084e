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
    ];
}
