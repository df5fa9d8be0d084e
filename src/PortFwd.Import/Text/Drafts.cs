using PortFwd.Core.Rules;

namespace PortFwd.Import.Text;

/// <summary>Builds the drafts every parser produces, so imported rules look alike whatever they came from.</summary>
internal static class Drafts
{
    /// <summary>A TCP/UDP forward: enabled, not opened on the router (the import does not touch the router).</summary>
    public static RuleDraft Forward(string name, Protocol protocol, PortRange external, string internalHost, int internalPort, string description) => new()
    {
        Name = name,
        Protocol = protocol.ToName(),
        ExternalPort = external.Start,
        ExternalPortEnd = external.IsSinglePort ? null : external.End,
        InternalHost = internalHost,
        InternalPort = internalPort,
        Description = description,
    };

    /// <summary>"0.0.0.0", "::" and friends mean every address, which a draft says by leaving the listen address empty.</summary>
    public static string? ListenAddress(string address)
    {
        var bare = Unbracket(address);
        return bare is "0.0.0.0" or "0" or "::" or "*" ? null : bare;
    }

    /// <summary>"[2001:db8::1]" → "2001:db8::1".</summary>
    public static string Unbracket(string address) =>
        address.Length > 1 && address[0] == '[' && address[^1] == ']' ? address[1..^1] : address;

    /// <summary>A single address written as a network of one (/32, /128) is that address; any other network is null.</summary>
    public static string? SingleAddress(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return text;
        }

        var prefix = text[(slash + 1)..];
        var address = text[..slash];
        return prefix == "32" && !address.Contains(':', StringComparison.Ordinal) || prefix == "128" && address.Contains(':', StringComparison.Ordinal)
            ? address
            : null;
    }

    /// <summary>Sources that mean "anyone" (0.0.0.0/0, ::/0) add no restriction.</summary>
    public static bool IsAnyone(string source) => source is "0.0.0.0/0" or "::/0" or "0/0";
}
