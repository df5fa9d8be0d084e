using System.Globalization;
using System.Text;

namespace PortFwd.Scale.Bench;

/// <summary>
/// Where a process's resident memory goes, from <c>/proc/PID/smaps</c>: Rss summed by mapped file, and the mappings
/// without a file by kind (the JIT's double-mapped code and stubs, the native heap, thread stacks, other anonymous
/// memory by its protection). Within a file mapping, "anon" is the pages written since mapping (relocations, copy on
/// write), which /proc/PID/status counts as RssAnon, not RssFile.
/// </summary>
internal static class Smaps
{
    public static string Top(int pid, int count)
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        string? key = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            // A mapping's header is "start-end perms offset dev inode [path]"; its fields are "Name:   value kB".
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var first = line.IndexOf(' ', StringComparison.Ordinal);
            if (first > 0 && line.IndexOf('-', StringComparison.Ordinal) is var dash && dash > 0 && dash < first && (colon < 0 || colon > first))
            {
                var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                var range = parts[0].Split('-');
                var size = (long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)) / 1024;
                key = Kind(parts[1], size, parts.Length > 5 ? parts[5].Trim() : "");
                rows.TryAdd(key, new Row());
                rows[key].SizeKib += size;
                continue;
            }

            if (key is null || colon < 0 || !line.EndsWith(" kB", StringComparison.Ordinal))
            {
                continue;
            }

            var value = long.Parse(line[(colon + 1)..^3].Trim(), CultureInfo.InvariantCulture);
            switch (line[..colon])
            {
                case "Rss": rows[key].RssKib += value; break;
                case "Pss": rows[key].PssKib += value; break;
                case "Anonymous": rows[key].AnonKib += value; break;
                default: break;
            }
        }

        var text = new StringBuilder();
        var total = rows.Values.Sum(r => r.RssKib);
        text.AppendLine(CultureInfo.InvariantCulture, $"smaps of {pid}: Rss {total / 1024.0:F1} MiB in {rows.Count} groups; MiB: rss / pss / anon (written) / mapped size");
        foreach (var (name, row) in rows.OrderByDescending(r => r.Value.RssKib).Take(count))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row.RssKib / 1024.0,7:F1} {row.PssKib / 1024.0,7:F1} {row.AnonKib / 1024.0,7:F1} {row.SizeKib / 1024.0,9:F1}  {name}");
        }

        // By kind of file: managed assemblies, native libraries, everything else.
        foreach (var group in rows.GroupBy(r => Group(r.Key)).OrderByDescending(g => g.Sum(r => r.Value.RssKib)))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  total {group.Key}: rss {group.Sum(r => r.Value.RssKib) / 1024.0:F1}, anon {group.Sum(r => r.Value.AnonKib) / 1024.0:F1} MiB in {group.Count()}");
        }

        return text.ToString();
    }

    private static string Kind(string perms, long sizeKib, string path) => path switch
    {
        "" => $"(anonymous {perms}{(sizeKib >= 64 * 1024 ? ", ≥ 64 MiB each" : "")})",
        _ when path.StartsWith("/memfd:doublemapper", StringComparison.Ordinal) => $"(JIT code and stubs, double-mapped {perms})",
        _ when path.StartsWith('/') => Path.GetFileName(path),
        _ => path,
    };

    private static string Group(string name) =>
        name.EndsWith(".dll", StringComparison.Ordinal) ? "managed assemblies (.dll)"
        : name.Contains(".so", StringComparison.Ordinal) ? "native libraries (.so)"
        : name.StartsWith("(JIT", StringComparison.Ordinal) ? "JIT code and stubs"
        : name.StartsWith("(anonymous", StringComparison.Ordinal) || name.StartsWith('[') ? "anonymous and [heap]/[stack]"
        : "other files";

    private sealed class Row
    {
        public long SizeKib { get; set; }

        public long RssKib { get; set; }

        public long PssKib { get; set; }

        public long AnonKib { get; set; }
    }
}
