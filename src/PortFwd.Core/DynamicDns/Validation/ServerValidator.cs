using System.Net;
using System.Net.Sockets;

namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>
/// The server: optional for the known providers, required for a dyndns2 server. An <c>https://</c> URL; plain
/// <c>http://</c> only to this machine or a private LAN address, because the password or token travels with every update.
/// </summary>
internal sealed class ServerValidator : IDdnsAspectValidator
{
    public void Validate(DdnsCheck check)
    {
        var server = DdnsCheck.Clean(check.Draft.Server);
        if (server is null)
        {
            if (check.Provider == DdnsProvider.Dyndns2)
            {
                check.Error(DdnsFields.Server, "Give the dyndns2 server's URL, such as https://dyndns.example.net/.");
            }

            return;
        }

        check.Server = server;
        if (server.Length > DdnsLimits.MaxServerLength)
        {
            check.Error(DdnsFields.Server, $"The server URL can be at most {DdnsLimits.MaxServerLength} characters.");
            return;
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(url.Host) || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            check.Error(DdnsFields.Server, "Give the server as an https:// URL without a query, such as https://dyndns.example.net/.");
            return;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLocal(url))
        {
            check.Error(DdnsFields.Server, "Use https://: the password or token is sent with every update. Plain http:// is allowed only to this machine or a LAN address.");
        }
    }

    private static bool IsLocal(Uri url)
    {
        if (url.IsLoopback)
        {
            return true;
        }

        if (!IPAddress.TryParse(url.DnsSafeHost, out var address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6UniqueLocal || address.IsIPv6LinkLocal;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168);
    }
}
