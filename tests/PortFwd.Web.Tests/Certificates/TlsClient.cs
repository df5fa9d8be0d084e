using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PortFwd.Web.Tests.Certificates;

/// <summary>
/// HTTPS to a rule's port on 127.0.0.1 under any host name: the URL's name goes in SNI and the Host header while the
/// connection goes to loopback. Every certificate is accepted and kept, so tests can read what the port served.
/// </summary>
internal sealed class TlsClient : IDisposable
{
    private readonly ConcurrentQueue<X509Certificate2> _served = new();
    private int _connections;

    public TlsClient(int port)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per client, kept: a test can send a request on a connection opened before a change.
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    _served.Enqueue(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
                    return true;
                },
            },
        };
        Http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }

    public HttpClient Http { get; }

    /// <summary>How many TCP connections the client has opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The certificates the port presented, one per handshake.</summary>
    public IReadOnlyList<X509Certificate2> Served => [.. _served];

    public Task<HttpResponseMessage> GetAsync(string url, Version version, CancellationToken ct) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact }, ct);

    public void Dispose() => Http.Dispose();

    /// <summary>
    /// The certificate a handshake with <paramref name="serverName"/> in SNI gets (none sent when null), or null when
    /// the port refuses the handshake.
    /// </summary>
    public static async Task<X509Certificate2?> HandshakeAsync(int port, string? serverName, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, ct);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName ?? "" }, ct);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return null;
        }

        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    /// <summary>Handshakes until the port serves a certificate matching <paramref name="served"/> (a change applies within the reconciler's pass).</summary>
    public static async Task<X509Certificate2?> WaitForAsync(int port, string? serverName, Func<X509Certificate2?, bool> served, CancellationToken ct,
        TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            X509Certificate2? certificate = null;
            try
            {
                certificate = await HandshakeAsync(port, serverName, ct);
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            if (served(certificate) || DateTime.UtcNow > deadline)
            {
                return certificate;
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>The DNS names and addresses of a certificate's subject alternative names.</summary>
    public static IReadOnlyList<string> Names(X509Certificate2? certificate) =>
        certificate is null ? [] : [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())))];
}
