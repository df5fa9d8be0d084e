using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PortFwd.Core.DynamicDns;
using static PortFwd.Web.DynamicDns.DdnsUpdateMessages;

namespace PortFwd.Web.DynamicDns;

/// <summary>
/// The dyndns2 protocol (No-IP, Dynu, any dyndns2 server): <c>GET /nic/update?hostname=…&amp;myip=…[&amp;myipv6=…]</c> with HTTP Basic
/// auth, answered by one word (and the address). Answers that mean the name or the account is wrong stop the name, as
/// No-IP asks (it blocks clients that keep sending bad credentials); <c>911</c> and <c>dnserr</c> are retried later.
/// </summary>
public sealed class Dyndns2Client(IHttpClientFactory clients) : IDdnsProviderClient
{
    public const string ClientName = "DynamicDns.Dyndns2";

    public async Task<DdnsAnswer> UpdateAsync(DdnsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name;
        var provider = name.Provider.ToDisplayName();
        // The IPv6 address goes in its own myipv6 parameter, as No-IP and Dynu document; a name without IPv4 sends no myip.
        var query = $"nic/update?hostname={Uri.EscapeDataString(name.HostName)}"
            + (request.Address is { } ipv4 ? $"&myip={ipv4}" : "")
            + (request.Ipv6Address is { } ipv6 ? $"&myipv6={Uri.EscapeDataString(ipv6.ToString())}" : "");
        var url = new Uri(name.ServerUrl!, query);
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name.Username}:{request.Password}")));
        return await DdnsHttp.SendAsync(clients.CreateClient(ClientName), message, provider,
            (status, body) => status == System.Net.HttpStatusCode.OK ? Read(provider, body) : DdnsAnswer.FromHttpStatus(provider, status), ct);
    }

    /// <summary>The answer word, as the dyndns2 protocol and No-IP document them.</summary>
    public static DdnsAnswer Read(string provider, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var line = body.Trim().Split('\n', 2)[0].Trim();
        var word = line.Split(' ', 2)[0];
        return word.ToLower(CultureInfo.InvariantCulture) switch
        {
            "good" => DdnsAnswer.Done(changed: true, Done.With("good", provider)),
            "nochg" => DdnsAnswer.Done(changed: false, AlreadyHad.With("nochg", provider)),
            "nohost" => DdnsAnswer.Stop(NoHost.With("nohost", provider)),
            "badauth" => DdnsAnswer.Stop(BadAuth.With("badauth", provider)),
            "!donator" => DdnsAnswer.Stop(PayingOnly.With("!donator", provider)),
            "notfqdn" => DdnsAnswer.Stop(NotFullName.With("notfqdn", provider)),
            "numhost" => DdnsAnswer.Stop(SeveralNames.With("numhost", provider)),
            "!yours" => DdnsAnswer.Stop(NotYours.With("!yours", provider)),
            "badagent" => DdnsAnswer.Stop(BadAgent.With("badagent", provider)),
            "abuse" => DdnsAnswer.Stop(Abuse.With("abuse", provider)),
            "911" => DdnsAnswer.Retry(ProviderTrouble.With("911", provider), DdnsAnswer.ProviderTroublePause),
            "dnserr" => DdnsAnswer.Retry(ProviderDnsTrouble.With("dnserr", provider), DdnsAnswer.ProviderTroublePause),
            // Never guess: an answer outside the protocol (a captive portal, a wrong URL) is not a reason to keep sending the password.
            _ => DdnsAnswer.Stop(NotDyndns2.With(provider, Shorten(line))),
        };
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
