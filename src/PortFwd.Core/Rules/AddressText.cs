using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>Reads IP addresses and host names the way a person types them, refusing anything that would silently mean something else.</summary>
public static class AddressText
{
    /// <summary>
    /// Parses an IP address only in its plain forms. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
    /// shorthand ("10" is 0.0.0.10), octal and hex parts ("010" is 8) and an IPv6 address with a port ("[::1]:80"),
    /// which would silently change what the user typed; dotted-quad parts here are always decimal.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return text.IndexOfAny(['[', ']']) < 0 && IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit)
                || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// Parses an address ("203.0.113.7", a network of one) or a network in CIDR form ("203.0.113.0/24"), refusing a
    /// network with bits set past its prefix (and saying which network it probably meant); the problem says what is wrong.
    /// </summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out string problem)
    {
        var parsed = TryParseNetwork(text, out network, out ValidationMessage said);
        problem = said.Text;
        return parsed;
    }

    /// <summary>The same, with the problem's code and values (the blocklist's form shows it in the person's language).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out ValidationMessage problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        network = default;
        problem = ValidationMessage.Plain("");
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? text : text[..slash];
        if (!TryParse(addressPart, out var address))
        {
            problem = BlocklistMessages.NotAnAddress.With(text);
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            problem = BlocklistMessages.BadPrefix.With(text, maxPrefix);
            return false;
        }

        var masked = new IPNetwork(Mask(address, prefix), prefix);
        if (!masked.BaseAddress.Equals(address))
        {
            problem = BlocklistMessages.BitsPastPrefix.With(text, prefix, masked);
            return false;
        }

        network = masked;
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }

    internal static bool IsMulticastOrBroadcast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv6Multicast
            : address.GetAddressBytes()[0] >= 224 || address.Equals(IPAddress.Broadcast);

    /// <summary>Dot-separated labels of letters, digits, '-' and '_', none empty or over 63 characters, at most 253 in all.</summary>
    internal static bool IsHostName(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
