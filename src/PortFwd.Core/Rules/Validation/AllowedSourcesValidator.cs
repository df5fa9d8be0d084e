using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortFwd.Core.Rules.Validation;

/// <summary>The addresses and networks allowed to connect, normalized to networks without duplicates.</summary>
internal sealed class AllowedSourcesValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var sources = RuleCheck.Clean(check.Draft.AllowedSources);
        if (sources.Count > RuleLimits.MaxAllowedSources)
        {
            check.Error(RuleFields.AllowedSources, $"At most {RuleLimits.MaxAllowedSources} allowed sources; this rule has {sources.Count}.");
        }

        foreach (var source in sources)
        {
            if (!TryNormalizeSource(source, out var network, out var problem))
            {
                check.Error(RuleFields.AllowedSources, problem);
            }
            else if (!check.AllowedSources.Contains(network, StringComparer.Ordinal))
            {
                check.AllowedSources.Add(network);
            }
        }
    }

    private static bool TryNormalizeSource(string source, out string network, out string problem)
    {
        network = "";
        problem = "";
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? source : source[..slash];
        if (!AddressText.TryParse(addressPart, out var address))
        {
            problem = $"\"{source}\" is not an address or network; use forms like 203.0.113.7 or 203.0.113.0/24.";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(source.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            problem = $"\"{source}\" has a bad prefix length; after the \"/\" put a number from 0 to {maxPrefix}.";
            return false;
        }

        var ipNetwork = new IPNetwork(Mask(address, prefix), prefix);
        if (!ipNetwork.BaseAddress.Equals(address))
        {
            problem = $"\"{source}\" has bits set past the /{prefix} prefix; did you mean {ipNetwork}?";
            return false;
        }

        network = ipNetwork.ToString();
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
}
