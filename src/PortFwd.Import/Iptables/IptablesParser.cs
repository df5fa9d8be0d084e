using PortFwd.Import.Text;

namespace PortFwd.Import.Iptables;

internal static class IptablesParser
{
    public static void Read(List<SourceLine> lines, ImportLog log)
    {
    }
}
