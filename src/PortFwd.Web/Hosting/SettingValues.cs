using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Strict parsing of addresses and URLs in the settings. Legacy IPv4 forms that <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// accepts (<c>10.1</c>, <c>010.0.0.1</c>, a bare number) are refused: in a settings file they are typos, not intent.
/// </summary>
internal delegate bool TryParser<T>(string text, [NotNullWhen(true)] out T? value);

internal static class SettingValues
{
    /// <summary>An IPv4 address in dotted-quad form, or an IPv6 address.</summary>
    public static bool TryParseAddress(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPAddress.TryParse(text, out var parsed) && IsWrittenOut(text, parsed))
        {
            address = parsed;
            return true;
        }

        address = null;
        return false;
    }

    /// <summary>An address, or an address and a port (<c>192.168.1.1:5351</c>, <c>[fe80::1]:5351</c>); no port means <paramref name="defaultPort"/>.</summary>
    public static bool TryParseEndPoint(string text, int defaultPort, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        ArgumentNullException.ThrowIfNull(text);
        endPoint = null;
        if (!IPEndPoint.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var host = colon < 0 ? text : text[..colon];
            if (!IsWrittenOut(host, parsed.Address) || (colon >= 0 && !text[(colon + 1)..].All(char.IsAsciiDigit)))
            {
                return false;
            }
        }

        endPoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, defaultPort) : parsed;
        return true;
    }

    /// <summary>An absolute <c>http://</c> URL.</summary>
    public static bool TryParseHttpUrl(string text, [NotNullWhen(true)] out Uri? url)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttp && !string.IsNullOrEmpty(parsed.Host))
        {
            url = parsed;
            return true;
        }

        url = null;
        return false;
    }

    /// <summary>An absolute <c>http://</c> or <c>https://</c> URL (services on the internet, such as an address echo).</summary>
    public static bool TryParseWebUrl(string text, [NotNullWhen(true)] out Uri? url)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(parsed.Host))
        {
            url = parsed;
            return true;
        }

        url = null;
        return false;
    }

    /// <summary>
    /// Parses an optional setting: null when it is empty, the parsed value when it is good, and otherwise null
    /// with a sentence in <paramref name="problems"/> naming <paramref name="key"/> and what is <paramref name="allowed"/>.
    /// </summary>
    public static T? Parse<T>(string? raw, string key, TryParser<T> parse, string allowed, ICollection<ValidationMessage> problems)
        where T : class =>
        Parse(raw, key, parse, new MessageTemplate("", "{0} is '{1}'; it must be " + allowed.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal) + "."), problems);

    /// <summary>As the other, with the sentence a coded template ("{0} is '{1}'; it must be …"), filled with the key and the value.</summary>
    public static T? Parse<T>(string? raw, string key, TryParser<T> parse, MessageTemplate refusal, ICollection<ValidationMessage> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (parse(raw.Trim(), out var value))
        {
            return value;
        }

        problems.Add(refusal.With(key, raw));
        return null;
    }

    private static bool IsWrittenOut(string text, IPAddress address) =>
        address.AddressFamily != AddressFamily.InterNetwork || string.Equals(text, address.ToString(), StringComparison.Ordinal);
}
