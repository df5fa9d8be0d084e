using System.Globalization;
using System.Text;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>
/// The part of TOML frpc.toml uses: [[proxies]] and [[visitors]] entries with their sub-tables ([proxies.plugin]),
/// dotted keys, strings, numbers, booleans and arrays (also over several lines). Keys outside proxies and visitors
/// (the server, auth, log) are not needed. Written by hand so every value keeps its line number.
/// </summary>
internal static class FrpTomlReader
{
    public static List<FrpSection> Read(List<FrpLine> lines, ImportLog log)
    {
        var sections = new List<FrpSection>();
        FrpSection? current = null;
        var prefix = "";
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, rangeCount, fromRange) = lines[i];
            var text = line.Content.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (text[0] == '[')
            {
                current = Header(text, line, rangeCount, current, sections, ref prefix, log);
                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TryKey(text[..equals], out var key))
            {
                log.Refuse(line, text.StartsWith("{{", StringComparison.Ordinal) ? ImportMessages.FrpOtherTemplate.With() : ImportMessages.FrpTomlNotALine.With());
                continue;
            }

            var valueText = text[(equals + 1)..].Trim();
            while (Opens(valueText) > 0 && i + 1 < lines.Count)
            {
                valueText += "\n" + lines[++i].Line.Content.Trim();
            }

            var value = ReadValue(valueText, line, fromRange);
            if (current is not null)
            {
                current.Values[prefix + key] = value;
            }
        }

        return sections;
    }

    private static FrpSection? Header(string text, SourceLine line, int rangeCount, FrpSection? current, List<FrpSection> sections, ref string prefix, ImportLog log)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var header = (hash < 0 ? text : text[..hash]).Trim().Replace(" ", "", StringComparison.Ordinal);
        prefix = "";
        switch (header)
        {
            case "[[proxies]]" or "[[visitors]]":
                var section = new FrpSection(line, header == "[[visitors]]") { RangeCount = rangeCount };
                sections.Add(section);
                return section;
            case var sub when current is not null && (sub.StartsWith("[proxies.", StringComparison.Ordinal) && !current.IsVisitor
                                                      || sub.StartsWith("[visitors.", StringComparison.Ordinal) && current.IsVisitor):
                prefix = sub[(sub.IndexOf('.', StringComparison.Ordinal) + 1)..^1] + ".";
                return current;
            case var other when !other.EndsWith(']'):
                log.Refuse(line, ImportMessages.FrpTomlNotAHeader.With());
                return null;
            default:
                return null;
        }
    }

    private static bool TryKey(string text, out string key)
    {
        // Quoted parts ("prefix/key2") may hold anything; bare ones only letters, digits, '_' and '-'.
        var parts = text.Split('.', StringSplitOptions.TrimEntries);
        static bool Quoted(string part) => part.Length > 1 && part[0] is '"' or '\'' && part[^1] == part[0];
        key = string.Join('.', parts.Select(p => Quoted(p) ? p[1..^1] : p));
        return parts.All(p => Quoted(p) || p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'));
    }

    /// <summary>How many brackets a value leaves open (outside strings), so an array may run over several lines.</summary>
    private static int Opens(string text)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                // A comment runs to the end of its line only.
                var newline = text.IndexOf('\n', i);
                if (newline < 0)
                {
                    break;
                }

                i = newline;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }

        return depth;
    }

    internal static FrpValue ReadValue(string text, SourceLine line, bool fromRange)
    {
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            return new FrpValue(line, [text], ImportMessages.FrpValueTemplate.With(text), fromRange);
        }

        if (text.StartsWith("\"\"\"", StringComparison.Ordinal) || text.StartsWith("'''", StringComparison.Ordinal))
        {
            return new FrpValue(line, [text], ImportMessages.FrpValueMultiline.With(), fromRange);
        }

        var position = 0;
        var items = new List<string>();
        ValidationMessage? problem;
        if (text.StartsWith('['))
        {
            position = 1;
            problem = null;
            while (problem is null)
            {
                SkipBlank(text, ref position);
                if (position < text.Length && text[position] == ']')
                {
                    position++;
                    break;
                }

                if (!TryScalar(text, ref position, out var item, out problem))
                {
                    break;
                }

                items.Add(item);
                SkipBlank(text, ref position);
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                }
                else if (position >= text.Length || text[position] != ']')
                {
                    problem = ImportMessages.FrpValueArray.With();
                }
            }
        }
        else if (TryScalar(text, ref position, out var scalar, out problem))
        {
            items.Add(scalar);
        }

        SkipBlank(text, ref position);
        if (problem is null && position < text.Length)
        {
            problem = ImportMessages.FrpValueTrailing.With();
        }

        return new FrpValue(line, items, problem, fromRange);
    }

    /// <summary>Blanks, line breaks and comments between array items.</summary>
    private static void SkipBlank(string text, ref int position)
    {
        while (position < text.Length)
        {
            if (char.IsWhiteSpace(text[position]))
            {
                position++;
            }
            else if (text[position] == '#')
            {
                var newline = text.IndexOf('\n', position);
                position = newline < 0 ? text.Length : newline;
            }
            else
            {
                return;
            }
        }
    }

    private static bool TryScalar(string text, ref int position, out string value, out ValidationMessage? problem)
    {
        value = "";
        problem = null;
        if (position >= text.Length)
        {
            problem = ImportMessages.FrpValueMissing.With();
            return false;
        }

        var c = text[position];
        if (c is '"' or '\'')
        {
            return TryString(text, ref position, out value, out problem);
        }

        if (c is '{' or '[')
        {
            problem = c == '{' ? ImportMessages.FrpValueInlineTable.With() : ImportMessages.FrpValueNestedArray.With();
            return false;
        }

        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '-' or '+' or '.' or ':'))
        {
            position++;
        }

        value = text[start..position].Replace("_", "", StringComparison.Ordinal);
        if (value.Length == 0)
        {
            problem = ImportMessages.FrpValueNotToml.With();
            return false;
        }

        return true;
    }

    private static bool TryString(string text, ref int position, out string value, out ValidationMessage? problem)
    {
        var quote = text[position++];
        var builder = new StringBuilder();
        problem = null;
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == quote)
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\n')
            {
                break;
            }

            if (c == '\\' && quote == '"' && position < text.Length)
            {
                var escaped = text[position++];
                switch (escaped)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '"' or '\\': builder.Append(escaped); break;
                    case 'u' when position + 4 <= text.Length
                                  && int.TryParse(text.AsSpan(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        position += 4;
                        break;
                    default:
                        value = "";
                        problem = ImportMessages.FrpValueEscape.With(escaped);
                        return false;
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        value = "";
        problem = ImportMessages.FrpValueUnclosed.With();
        return false;
    }
}
