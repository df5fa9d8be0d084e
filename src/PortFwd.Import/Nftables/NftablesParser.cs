using PortFwd.Import.Text;

namespace PortFwd.Import.Nftables;

internal static class NftablesParser
{
    public static void Read(List<SourceLine> lines, ImportLog log)
    {
    }
}
