using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PortFwd.Data.Certificates;

namespace PortFwd.Web.Certificates;

/// <summary>
/// A stored certificate ready for TLS handshakes: its key decrypted in memory and the context SslStream sends
/// (the certificate and its chain), built once and shared by every handshake that picks it.
/// </summary>
public sealed class ServedCertificate
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    internal ServedCertificate(StoredCertificate stored, X509Certificate2 certificate, SslStreamCertificateContext context)
    {
        Id = stored.Id;
        Thumbprint = stored.Thumbprint;
        Names = stored.Names;
        NotBefore = stored.NotBefore;
        NotAfter = stored.NotAfter;
        Certificate = certificate;
        Context = context;
    }

    public int Id { get; }

    /// <summary>SHA-256 of the certificate: a renewal changes it.</summary>
    public string Thumbprint { get; }

    public IReadOnlyList<string> Names { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Whether it may be served at <paramref name="now"/> (neither expired nor not yet valid).</summary>
    public bool IsValidAt(DateTimeOffset now) => NotBefore <= now && now < NotAfter;

    public X509Certificate2 Certificate { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>What a handshake that picked this certificate uses: HTTP/2 or HTTP/1.1 by ALPN.</summary>
    public SslServerAuthenticationOptions HandshakeOptions() => new()
    {
        ServerCertificateContext = Context,
        ApplicationProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
