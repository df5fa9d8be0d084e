using System.Text.Json.Serialization;

namespace PortFwd.Core.Rules;

/// <summary>Whether a TCP rule tells the service behind it who the client is, with a PROXY protocol header first on each connection.</summary>
public enum ProxyProtocolMode
{
    /// <summary>No header (every rule saved before this existed): the service sees PortFwd as the client.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    /// <summary>The text header (version 1), which most servers that take the PROXY protocol read.</summary>
    [JsonStringEnumMemberName("v1")]
    V1,

    /// <summary>The binary header (version 2).</summary>
    [JsonStringEnumMemberName("v2")]
    V2,
}

/// <summary>The wire names of <see cref="ProxyProtocolMode"/> (<c>off</c>, <c>v1</c>, <c>v2</c>).</summary>
public static class ProxyProtocolModeNames
{
    public static IReadOnlyList<string> All { get; } = ["off", "v1", "v2"];

    public static string ToName(this ProxyProtocolMode mode) => mode switch
    {
        ProxyProtocolMode.Off => "off",
        ProxyProtocolMode.V1 => "v1",
        ProxyProtocolMode.V2 => "v2",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Reads a wire name; case does not matter, and a missing one is off.</summary>
    public static bool TryParse(string? name, out ProxyProtocolMode mode)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "" or "off": mode = ProxyProtocolMode.Off; return true;
            case "v1" or "1": mode = ProxyProtocolMode.V1; return true;
            case "v2" or "2": mode = ProxyProtocolMode.V2; return true;
            default: mode = default; return false;
        }
    }
}
