using System.Globalization;
using PortFwd.Core.Certificates;

namespace PortFwd.Core.Rules.Validation;

/// <summary>HTTPS of an HTTP rule: the certificate's source, the redirect from plain HTTP and HSTS. Runs after the host names are normalized.</summary>
internal sealed class TlsValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        if (!TlsModeNames.TryParse(check.Draft.Tls, out var mode))
        {
            check.Error(RuleFields.Tls, $"tls must be one of {string.Join(", ", TlsModeNames.All)}; \"{check.Draft.Tls}\" is none of them.");
            return;
        }

        // While the protocol is unknown these are checked as if it were HTTP, so their own mistakes show at once.
        if (mode != TlsMode.Off && check.Protocol is { } protocol && protocol != Protocol.Http)
        {
            check.Error(RuleFields.Tls, "HTTPS only applies to HTTP rules; set tls to off or choose HTTP.");
            return;
        }

        check.Tls = mode;
        CheckHttpPort(check);
        switch (mode)
        {
            case TlsMode.Off:
                CheckNeedsTls(check);
                return;
            case TlsMode.Acme:
                CheckAcmeNames(check);
                break;
            case TlsMode.Uploaded:
                CheckUploaded(check);
                break;
        }

        check.RedirectHttp = check.Draft.RedirectHttp;
        check.Hsts = check.Draft.Hsts;
        if (check.RedirectHttp)
        {
            CheckRedirectPort(check);
        }
    }

    private static void CheckHttpPort(RuleCheck check)
    {
        if (check.Draft.HttpPort is not { } port)
        {
            return;
        }

        if (!RuleCheck.IsPort(port))
        {
            check.Error(RuleFields.HttpPort, $"The plain HTTP port must be from 1 to 65535; {port} is outside that.");
        }
        else
        {
            check.HttpPort = port;
        }
    }

    /// <summary>A redirect to HTTPS and HSTS mean nothing on a rule that does not answer HTTPS.</summary>
    private static void CheckNeedsTls(RuleCheck check)
    {
        if (check.Draft.RedirectHttp)
        {
            check.Error(RuleFields.RedirectHttp, "Redirecting to HTTPS needs HTTPS on this rule: choose where its certificate comes from (tls), or turn the redirect off.");
        }

        if (check.Draft.Hsts)
        {
            check.Error(RuleFields.Hsts, "HSTS needs HTTPS on this rule: choose where its certificate comes from (tls), or turn HSTS off.");
        }
    }

    private static void CheckAcmeNames(RuleCheck check)
    {
        if (RuleCheck.Clean(check.Draft.HostNames).Count == 0)
        {
            check.Error(RuleFields.HostNames,
                "A certificate from Let's Encrypt (acme) is issued for host names: add the names this rule answers, like app.example.com.");
            return;
        }

        foreach (var name in check.HostNames)
        {
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                check.Error(RuleFields.HostNames,
                    $"\"{name}\" is a wildcard; Let's Encrypt issues those only through DNS, which PortFwd does not do. List each name, or upload a wildcard certificate.");
            }
            else if (!name.Contains('.', StringComparison.Ordinal))
            {
                check.Error(RuleFields.HostNames,
                    $"\"{name}\" is not a public name (it has no dot); Let's Encrypt issues only for names on the internet. Use a self-signed certificate for LAN names.");
            }
        }
    }

    private static void CheckUploaded(RuleCheck check)
    {
        if (check.Draft.CertificateId is not { } id)
        {
            check.Error(RuleFields.CertificateId, "Choose the uploaded certificate this rule serves (certificateId), or upload one first.");
            return;
        }

        if (check.Context.Certificates is not { } stored)
        {
            check.CertificateId = id;
            return;
        }

        if (!stored.TryGetValue(id, out var certificate))
        {
            check.Error(RuleFields.CertificateId, $"There is no stored certificate with id {id}; upload it first (POST /api/certificates).");
            return;
        }

        check.CertificateId = id;
        var uncovered = CertificateNames.Uncovered(certificate.Names, check.HostNames);
        if (uncovered.Count > 0)
        {
            check.Error(RuleFields.CertificateId,
                $"The certificate is for {string.Join(", ", certificate.Names)}, not for {string.Join(", ", uncovered)}; choose or upload one that covers every host name of the rule.");
        }

        if (check.Context.Now is not { } now)
        {
            return;
        }

        if (certificate.NotAfter <= now)
        {
            check.Error(RuleFields.CertificateId, $"The certificate expired on {Day(certificate.NotAfter)}; upload a current one.");
        }
        else if (certificate.NotBefore > now)
        {
            check.Error(RuleFields.CertificateId, $"The certificate is valid only from {Day(certificate.NotBefore)}; check this machine's clock or upload another.");
        }
    }

    private static void CheckRedirectPort(RuleCheck check)
    {
        var port = check.HttpPort;
        if (check.ExternalPort == port)
        {
            check.Error(RuleFields.HttpPort,
                $"The redirect answers plain HTTP on its own port, not on the rule's HTTPS port {port}; use another (plain HTTP usually comes on 80).");
        }

        foreach (var reserved in check.Context.ReservedPorts.Where(r => r.Port == port))
        {
            check.Error(RuleFields.HttpPort, $"Port {port} is {reserved.Reason}; choose another port for the redirect.");
        }
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
