using System.Security.Cryptography.X509Certificates;

namespace PortFwd.Acme;

/// <summary>A certificate the CA issued: the PEM chain as downloaded, and what the leaf says.</summary>
/// <param name="ChainPem">Leaf first, then the intermediates (<c>application/pem-certificate-chain</c>).</param>
/// <param name="Names">The DNS names of the leaf (its subject alternative names).</param>
/// <param name="NotBefore">Start of the leaf's validity.</param>
/// <param name="NotAfter">End of the leaf's validity.</param>
/// <param name="Issuer">The leaf's issuer (the CA's intermediate), as a distinguished name.</param>
/// <param name="Url">Where it was downloaded (for revocation and renewal information).</param>
public sealed record IssuedCertificate(
    string ChainPem, IReadOnlyList<string> Names, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Issuer, Uri Url)
{
    /// <summary>Reads the leaf of a PEM chain; null when the text holds no certificate.</summary>
    internal static IssuedCertificate? FromPem(string chainPem, Uri url)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(chainPem);
            if (chain.Count == 0)
            {
                return null;
            }

            var leaf = chain[0];
            var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToArray();
            return new IssuedCertificate(chainPem, names, leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime(), leaf.Issuer, url);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }
}
