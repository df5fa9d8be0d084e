using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PortFwd.Web.Certificates;

/// <summary>
/// Encrypts certificates' private keys with ASP.NET Data Protection (the keys live in the data folder's <c>keys</c>),
/// under a purpose of their own, so the database alone never gives a key away and no other protected value can be
/// read as a key or the reverse.
/// </summary>
public sealed class CertificateKeys(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("PortFwd.Certificates.PrivateKey.v1");

    public string Protect(string privateKeyPem) => _protector.Protect(privateKeyPem);

    /// <summary>The key as PEM, or null when the keys that encrypted it are gone (a new data folder): the certificate must be uploaded or issued again.</summary>
    public string? Unprotect(string protectedKey)
    {
        try
        {
            return _protector.Unprotect(protectedKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
