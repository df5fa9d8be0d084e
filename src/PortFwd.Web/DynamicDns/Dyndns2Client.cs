using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PortFwd.Core.DynamicDns;

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
            "good" => DdnsAnswer.Done(changed: true, $"good: {provider} now points the name at the address."),
            "nochg" => DdnsAnswer.Done(changed: false, $"nochg: {provider} already had this address."),
            "nohost" => DdnsAnswer.Stop($"nohost: {provider} has no such host name in this account; check the host name."),
            "badauth" => DdnsAnswer.Stop($"badauth: {provider} refused the user name or password; type them again to resume."),
            "!donator" => DdnsAnswer.Stop($"!donator: {provider} offers this only to paying accounts."),
            "notfqdn" => DdnsAnswer.Stop($"notfqdn: {provider} says the host name is not a full name (such as home.example.net)."),
            "numhost" => DdnsAnswer.Stop($"numhost: {provider} refused an update of several names at once."),
            "!yours" => DdnsAnswer.Stop($"!yours: the host name belongs to another {provider} account."),
            "badagent" => DdnsAnswer.Stop($"badagent: {provider} blocked this client; set PortFwd:DynamicDns:Contact and save the name again."),
            "abuse" => DdnsAnswer.Stop($"abuse: {provider} blocked the host name for too many updates; unblock it on {provider}'s site, then save the name again."),
            "911" => DdnsAnswer.Retry($"911: {provider} has a problem on its side; trying again in 30 minutes.", DdnsAnswer.ProviderTroublePause),
            "dnserr" => DdnsAnswer.Retry($"dnserr: {provider} has a DNS problem on its side; trying again in 30 minutes.", DdnsAnswer.ProviderTroublePause),
            // Never guess: an answer outside the protocol (a captive portal, a wrong URL) is not a reason to keep sending the password.
            _ => DdnsAnswer.Stop($"{provider} gave an answer the dyndns2 protocol does not have ('{Shorten(line)}'); check the server URL."),
        };
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
