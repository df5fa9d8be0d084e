using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>A well-known service that fills the rule form.</summary>
public sealed record RulePreset(string Name, Protocol Protocol, int Port, string? Warning = null);

/// <summary>The presets offered by the form, and warnings for risky ports whichever way they were entered.</summary>
public static class RulePresets
{
    public const string RdpWarning =
        "Remote Desktop (RDP, port 3389) open to the internet is a favourite target of password-guessing and ransomware. " +
        "Limit Allowed sources to the addresses you connect from, or reach it through a VPN such as WireGuard instead.";

    public static IReadOnlyList<RulePreset> All { get; } =
    [
        new("HTTP", Protocol.Tcp, 80),
        new("HTTPS", Protocol.Tcp, 443),
        new("SSH", Protocol.Tcp, 22),
        new("Minecraft", Protocol.Tcp, 25565),
        new("WireGuard", Protocol.Udp, 51820),
        new("Plex", Protocol.Tcp, 32400),
        new("RDP", Protocol.Tcp, 3389, RdpWarning),
    ];

    /// <summary>A warning for the ports a rule would open, or null.</summary>
    public static string? WarningFor(Protocol? protocol, int? externalPort, int? externalPortEnd)
    {
        if (externalPort is not { } start || protocol is { } p && !p.UsesTcp())
        {
            return null;
        }

        var range = new PortRange(start, Math.Max(start, externalPortEnd ?? start));
        return range.Contains(3389) ? RdpWarning : null;
    }
}
