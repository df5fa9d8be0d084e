using System.Globalization;
using PortFwd.Core.Rules;

namespace PortFwd.Import.Text;

/// <summary>Port numbers and ranges as the tools write them (80, 8000:8010, 8000-8010).</summary>
internal static class PortText
{
    /// <summary>Digits only (no sign, no hex). Out-of-range numbers are read, so the validator can name them.</summary>
    public static bool TryPort(string? text, out int port)
    {
        port = 0;
        return text is { Length: > 0 and <= 6 } && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }

    /// <summary>A port or a range "first{separator}last"; a reversed range is refused (the tools refuse it too).</summary>
    public static bool TryRange(string? text, char separator, out PortRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var at = text.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            if (!TryPort(text, out var single))
            {
                return false;
            }

            range = new PortRange(single, single);
            return true;
        }

        if (!TryPort(text[..at], out var first) || !TryPort(text[(at + 1)..], out var last) || last < first)
        {
            return false;
        }

        range = new PortRange(first, last);
        return true;
    }

    /// <summary>Cuts paired port lists (frp's local and remote ports) into runs where both sides count up together.</summary>
    public static List<(int First, int Second, int Count)> Runs(IReadOnlyList<(int First, int Second)> pairs)
    {
        var runs = new List<(int First, int Second, int Count)>();
        foreach (var (first, second) in pairs)
        {
            if (runs.Count > 0 && runs[^1] is var last && first == last.First + last.Count && second == last.Second + last.Count)
            {
                runs[^1] = (last.First, last.Second, last.Count + 1);
            }
            else
            {
                runs.Add((first, second, 1));
            }
        }

        return runs;
    }
}
