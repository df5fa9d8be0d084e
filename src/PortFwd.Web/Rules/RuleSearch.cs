using System.Globalization;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>
/// What the search box of the rules table finds: rules whose name, description, protocol, external ports or internal
/// host:port contain the words typed (all of them, in any case), or, for a number, whose external or internal ports
/// include that port, so "10500" finds the range 10000-19999.
/// </summary>
public static class RuleSearch
{
    /// <summary>The rules that match <paramref name="search"/>, in their order; all of them when it is blank.</summary>
    public static List<ForwardingRule> Filter(IReadOnlyList<ForwardingRule> rules, string? search)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var words = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 ? [.. rules] : [.. rules.Where(rule => Array.TrueForAll(words, word => Matches(rule, word)))];
    }

    private static bool Matches(ForwardingRule rule, string word)
    {
        if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && (rule.ExternalPorts.Contains(port) || rule.InternalPorts.Contains(port)))
        {
            return true;
        }

        return Contains(rule.Name, word)
            || Contains(rule.Description, word)
            || Contains(rule.Protocol.ToDisplayName(), word)
            || Contains(rule.ExternalPorts.ToString(), word)
            || Contains($"{rule.InternalHostForPort}:{rule.InternalPorts}", word);
    }

    private static bool Contains(string? text, string word) => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;
}
