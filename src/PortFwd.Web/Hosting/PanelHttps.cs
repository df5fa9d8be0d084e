using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Hosting;

/// <summary>
/// The <c>PortFwd:Panel:Https</c> section: the panel served over HTTPS too, on its own port, with its own self-signed
/// certificate (<see cref="PanelCertificate"/>) or a stored one for the name it is opened at. Off (nothing more listens) until <see cref="Port"/> is set.
/// </summary>
public sealed class PanelHttpsOptions : IParsedSettings
{
    public const string Section = "PortFwd:Panel:Https";

    /// <summary>The HTTPS port; 0 serves no HTTPS.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The address HTTPS listens on; empty is <c>localhost</c> (this machine only), as the panel's own default.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>Plain HTTP requests are sent to the HTTPS port (307), and HTTPS answers carry Strict-Transport-Security.</summary>
    public bool RedirectHttp { get; set; }

    /// <summary><see cref="ListenAddress"/> as parsed at start; null is <c>localhost</c>.</summary>
    public IPAddress? ParsedListenAddress { get; private set; }

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        ParsedListenAddress = SettingValues.Parse<IPAddress>(ListenAddress, $"{section}:{nameof(ListenAddress)}", SettingValues.TryParseAddress,
            "an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for localhost", problems);
        if (RedirectHttp && Port == 0)
        {
            problems.Add(ValidationMessage.Plain($"{section}:{nameof(RedirectHttp)} is true but {section}:{nameof(Port)} is 0; set the HTTPS port, or turn the redirect off."));
        }
    }

    /// <summary>The URL Kestrel listens on for HTTPS.</summary>
    internal string Url => ParsedListenAddress switch
    {
        null => $"https://localhost:{Port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } v6 => $"https://[{v6}]:{Port}",
        var v4 => $"https://{v4}:{Port}",
    };
}

/// <summary>
/// Serves the panel over HTTPS when <see cref="PanelHttpsOptions.Port"/> is set: an https URL beside the panel's http
/// ones, its handshakes choosing a stored certificate for the name asked for
/// (<see cref="PanelCertificateSelector"/>) or else the panel's own, and with <see cref="PanelHttpsOptions.RedirectHttp"/> the
/// redirect and HSTS. Cookies need nothing more: they are Secure whenever the request came over HTTPS.
/// </summary>
internal static class PanelHttps
{
    /// <summary>
    /// One day: HSTS pins the host to HTTPS, and the self-signed certificate is made again each year; a short pin keeps a
    /// browser that trusted the old one from locking its user out for long. Browsers ignore it while they do not trust the certificate.
    /// </summary>
    public const string StrictTransportSecurity = "max-age=86400";

    /// <summary>Reads and checks the section and, with HTTPS on, sets Kestrel up; false after the reasons went to <paramref name="error"/>.</summary>
    public static bool Configure(WebApplicationBuilder builder, string dataDirectory, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (StartChecks.Read<PanelHttpsOptions>(builder.Configuration, PanelHttpsOptions.Section, error) is not { } options)
        {
            return false;
        }

        builder.Services.AddSingleton(options);
        if (options.Port == 0)
        {
            return true;
        }

        var problems = new List<string>();
        var certificate = PanelCertificate.LoadOrCreate(dataDirectory, DateTimeOffset.UtcNow, problems);
        if (certificate is null)
        {
            foreach (var problem in problems)
            {
                error.WriteLine(problem);
            }

            return false;
        }

        builder.WebHost.UseUrls($"{builder.Configuration["urls"]};{options.Url}".TrimStart(';'));
        builder.Services.AddSingleton<PanelCertificateSelector>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PanelCertificateSelector>());
        // Offline: nothing is fetched to complete a chain, here or per handshake.
        var own = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Any other https URL the owner gave (Urls) serves the panel's own certificate, as before.
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            kestrel.ConfigureEndpointDefaults(listen => UsePanelCertificates(kestrel, listen, options.Port, own));
        });
        builder.Services.Configure<HttpsRedirectionOptions>(o =>
        {
            o.HttpsPort = options.Port;
            o.RedirectStatusCode = StatusCodes.Status307TemporaryRedirect;
        });
        return true;
    }

    /// <summary>
    /// The panel's HTTPS port chooses its certificate per handshake: the stored certificate for the name the client asked
    /// for (SNI), else the panel's own. A handshake callback rather than Kestrel's certificate selector, which sends the
    /// certificate without the stored chain: a CA-issued certificate needs its intermediates sent to be trusted.
    /// </summary>
    private static void UsePanelCertificates(KestrelServerOptions kestrel, ListenOptions listen, int port, SslStreamCertificateContext own)
    {
        if (listen.IPEndPoint?.Port != port)
        {
            return;
        }

        var stored = kestrel.ApplicationServices.GetRequiredService<PanelCertificateSelector>();
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(stored.Select(context.ClientHelloInfo.ServerName)?.HandshakeOptions() ?? OwnHandshake(own)),
        });
    }

    private static SslServerAuthenticationOptions OwnHandshake(SslStreamCertificateContext own) => new()
    {
        ServerCertificateContext = own,
        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
    };

    /// <summary>
    /// With the redirect on: HTTP requests go to HTTPS, except the health check (probes and the container's HEALTHCHECK
    /// ask over plain HTTP), and HTTPS answers carry Strict-Transport-Security.
    /// </summary>
    public static void UsePanelHttps(this WebApplication app)
    {
        if (app.Services.GetRequiredService<PanelHttpsOptions>() is not { RedirectHttp: true })
        {
            return;
        }

        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/healthz"), redirect => redirect.UseHttpsRedirection());
        app.Use((context, next) =>
        {
            if (context.Request.IsHttps)
            {
                context.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return next(context);
        });
    }
}
