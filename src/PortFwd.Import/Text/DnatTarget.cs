using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Text;

/// <summary>
/// Where a DNAT sends traffic, as iptables and nft write it: <c>192.168.1.20</c>, <c>192.168.1.20:80</c>,
/// <c>192.168.1.20:8000-8010</c>, <c>[2001:db8::20]:80</c>, with iptables' shifted form <c>...:8000-8010/9000</c>.
/// </summary>
internal sealed record DnatTarget(string Host, PortRange? Ports, int? BasePort)
{
    public static bool TryParse(string text, out DnatTarget target, out ValidationMessage problem)
    {
        target = new DnatTarget("", null, null);
        problem = ValidationMessage.Plain("");
        string host;
        var portText = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 < text.Length && text[close + 1] != ':')
            {
                problem = ImportMessages.TargetNotAddress.With(text);
                return false;
            }

            host = text[1..close];
            portText = close + 2 <= text.Length ? text[Math.Min(close + 2, text.Length)..] : "";
        }
        else if (text.Count(c => c == ':') > 1)
        {
            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? "" : text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            problem = ImportMessages.TargetNoAddress.With(text);
            return false;
        }

        if (host.Contains('-', StringComparison.Ordinal))
        {
            problem = ImportMessages.TargetSpread.With(host);
            return false;
        }

        int? basePort = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!PortText.TryPort(portText[(slash + 1)..], out var shift))
            {
                problem = ImportMessages.TargetBadBasePort.With(text);
                return false;
            }

            basePort = shift;
            portText = portText[..slash];
        }

        PortRange? ports = null;
        if (portText.Length > 0)
        {
            if (!PortText.TryRange(portText, '-', out var range))
            {
                problem = ImportMessages.TargetNotPorts.With(portText, text);
                return false;
            }

            ports = range;
        }

        target = new DnatTarget(host, ports, basePort);
        return true;
    }

    /// <summary>
    /// The first internal port for traffic to <paramref name="external"/>, when the mapping is one to one: no port
    /// (same ports), one port for one port, the same range (the kernel keeps a port that lies in the range), or a
    /// shifted range whose base is the external start. Anything else spreads ports in ways a rule cannot hold.
    /// </summary>
    public int? InternalPortFor(PortRange external, out ValidationMessage problem)
    {
        problem = ValidationMessage.Plain("");
        if (Ports is not { } ports)
        {
            return external.Start;
        }

        if (BasePort is { } shift)
        {
            if (shift == external.Start && ports.Count == external.Count)
            {
                return ports.Start;
            }
        }
        else if (ports.IsSinglePort && external.IsSinglePort || ports == external)
        {
            return ports.Start;
        }

        var written = BasePort is { } b ? $"{ports}/{b}" : $"{ports}";
        problem = ports.IsSinglePort
            ? ImportMessages.RangeToOnePort.With($"{external}", $"{ports}")
            : (external.IsSinglePort ? ImportMessages.PortNotOneToOne : ImportMessages.PortsNotOneToOne).With($"{external}", written);
        return null;
    }
}
