using PortFwd.Core.DynamicDns;
using static PortFwd.Web.DynamicDns.DdnsUpdateMessages;

namespace PortFwd.Web.DynamicDns;

/// <summary>DuckDNS: <c>GET /update?domains=…&amp;token=…&amp;ip=…[&amp;ipv6=…]</c>, answered <c>OK</c> or <c>KO</c>.</summary>
public sealed class DuckDnsClient(IHttpClientFactory clients) : IDdnsProviderClient
{
    public const string ClientName = "DynamicDns.DuckDns";

    private const string Provider = "DuckDNS";

    public async Task<DdnsAnswer> UpdateAsync(DdnsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name;
        // DuckDNS takes the name without .duckdns.org.
        var domain = name.HostName.Split('.', 2)[0];
        var url = new Uri(name.ServerUrl!, $"update?domains={Uri.EscapeDataString(domain)}&token={Uri.EscapeDataString(request.Token ?? "")}"
            + (request.Address is { } ipv4 ? $"&ip={ipv4}" : "")
            + (request.Ipv6Address is { } ipv6 ? $"&ipv6={Uri.EscapeDataString(ipv6.ToString())}" : ""));
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        return await DdnsHttp.SendAsync(clients.CreateClient(ClientName), message, Provider, (status, body) =>
        {
            if (status != System.Net.HttpStatusCode.OK)
            {
                return DdnsAnswer.FromHttpStatus(Provider, status);
            }

            return body.Trim() switch
            {
                // DuckDNS does not say whether the address was new.
                "OK" => DdnsAnswer.Done(changed: true, Done.With("OK", Provider)),
                "KO" => DdnsAnswer.Stop(DuckDnsRefused.With("KO")),
                _ => DdnsAnswer.Stop(NotDuckDns.With()),
            };
        }, ct);
    }
}
