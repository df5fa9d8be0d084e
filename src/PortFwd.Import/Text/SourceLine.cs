namespace PortFwd.Import.Text;

/// <summary>One line of the imported text: its 1-based number and its content without the line break.</summary>
internal readonly record struct SourceLine(int Number, string Content)
{
    /// <summary>Beyond this the line is shortened where it is shown back (a pasted binary file may have one huge "line").</summary>
    private const int MaxShownLength = 200;

    /// <summary>Stands for the whole text (line 0).</summary>
    public static SourceLine Whole { get; } = new(0, "");

    /// <summary>The line as shown in results: trimmed, shortened, without control characters but tabs.</summary>
    public string Shown
    {
        get
        {
            var trimmed = Content.Trim();
            var shown = trimmed.Length > MaxShownLength ? trimmed[..MaxShownLength] + "…" : trimmed;
            return shown.Any(c => char.IsControl(c) && c != '\t')
                ? new string(shown.Select(c => char.IsControl(c) && c != '\t' ? '?' : c).ToArray())
                : shown;
        }
    }

    /// <summary>Splits text into lines on \n, \r\n or a lone \r.</summary>
    public static List<SourceLine> Split(string text)
    {
        var lines = new List<SourceLine>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r'))
            {
                continue;
            }

            lines.Add(new SourceLine(lines.Count + 1, text[start..i]));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        if (start < text.Length)
        {
            lines.Add(new SourceLine(lines.Count + 1, text[start..]));
        }

        return lines;
    }
}
