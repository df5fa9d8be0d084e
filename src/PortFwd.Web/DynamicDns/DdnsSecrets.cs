using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PortFwd.Core.DynamicDns;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// Encrypts Dynamic DNS passwords and tokens with ASP.NET Data Protection (the keys live in the data folder's
/// <c>keys</c>), under a purpose of their own so no other protected value can be read as a secret or the reverse.
/// </summary>
internal sealed class DdnsSecrets(IDataProtectionProvider protection) : IDdnsSecrets
{
    private readonly IDataProtector _protector = protection.CreateProtector("PortFwd.DynamicDns.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string? Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            // The keys that encrypted it are gone (a new data folder, a lost keys folder): the user types it again.
            return null;
        }
    }
}
