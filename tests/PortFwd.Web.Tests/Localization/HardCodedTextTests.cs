using System.Text;
using System.Text.RegularExpressions;

namespace PortFwd.Web.Tests.Localization;

/// <summary>
/// No visible English typed straight into a component: text between tags and the attributes people read (labels,
/// helper texts, titles, aria-labels) come from the resources. A heuristic: Razor expressions, code blocks, comments,
/// scripts and SVG are left out, and what remains may not hold a word outside <see cref="Allowed"/>.
/// </summary>
public sealed partial class HardCodedTextTests
{
    /// <summary>Words that read the same in every language: names of the product, protocols and formats.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "PortFwd", "TCP", "UDP", "HTTP", "HTTPS", "UPnP", "NAT-PMP", "PCP", "DDNS", "IPv4", "IPv6", "HH:mm", "/udp", "KB/s", "ms", "·",
    };

    public static TheoryData<string> Components()
    {
        var root = RepositoryFiles.PathOf("src", "PortFwd.Web", "Components");
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void A_component_shows_no_English_typed_into_it(string component)
    {
        var found = VisibleLiterals(File.ReadAllText(RepositoryFiles.PathOf("src", "PortFwd.Web", "Components", component))).ToList();

        Assert.Empty(found);
    }

    [Fact]
    public void The_heuristic_finds_text_between_tags_and_in_read_attributes_but_not_in_expressions()
    {
        const string markup = """
            @* A comment with words *@
            <MudText>Port forwarding</MudText>
            <MudTextField Label="External port" HelperText="@L["Help"]" Placeholder="192.168.1.20" />
            <span title="Sign out">@L["Layout.SignOut"] @(x ? "on" : "off")</span>
            @if (x)
            {
                var y = Compute(1);
                <b>TCP</b>
            }
            @switch (y)
            {
                case 1:
                    <b>UDP</b>
                    break;
                default:
                    <b>@L["A"]</b>
                    break;
            }
            else
            {
                <i>@L["A", name]</i>
            }
            <script>const words = "not checked";</script>
            @code { private string S => "not checked"; }
            """;

        Assert.Equal(["Port forwarding", "Label=\"External port\"", "title=\"Sign out\""], VisibleLiterals(markup));
    }

    internal static IEnumerable<string> VisibleLiterals(string razor)
    {
        // Lambdas in attributes ("() => Save()") are not the end of a tag.
        var markup = WithoutExpressions(Hidden().Replace(razor, " ").Replace("=>", "=_", StringComparison.Ordinal));
        foreach (Match text in TextNode().Matches(markup))
        {
            var words = string.Join(" ", text.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => !IsCodeLine(l)));
            if (HasWord(words))
            {
                yield return words.Trim();
            }
        }

        foreach (Match attribute in ReadAttribute().Matches(markup))
        {
            if (HasWord(attribute.Groups[2].Value))
            {
                yield return $"{attribute.Groups[1].Value}=\"{attribute.Groups[2].Value}\"";
            }
        }
    }

    private static bool HasWord(string text) =>
        Word().Matches(text).Any(w => !Allowed.Contains(w.Value));

    private static bool IsCodeLine(string line) =>
        line.Length == 0 || line is "{" or "}" or "else" or "default:" || line.StartsWith("else ", StringComparison.Ordinal) || line.StartsWith("var ", StringComparison.Ordinal)
        || line.EndsWith(';') || line.StartsWith("case ", StringComparison.Ordinal);

    /// <summary>Drops every Razor expression (@name.member(...)[...], @(...), @if (...), @foreach (...)), keeping "@@".</summary>
    private static string WithoutExpressions(string razor)
    {
        var result = new StringBuilder(razor.Length);
        for (var i = 0; i < razor.Length; i++)
        {
            if (razor[i] != '@')
            {
                result.Append(razor[i]);
                continue;
            }

            if (i + 1 < razor.Length && razor[i + 1] == '@')
            {
                i++;
                continue;
            }

            var j = i + 1;
            while (j < razor.Length)
            {
                if (razor[j] is '(' or '[')
                {
                    j = AfterBalanced(razor, j);
                }
                else if (char.IsLetterOrDigit(razor[j]) || razor[j] is '_' or '.' or '?' or '!')
                {
                    j++;
                }
                else if (razor[j] == ' ' && j + 1 < razor.Length && razor[j + 1] == '(' && Keyword().IsMatch(razor[(i + 1)..j]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            // A member access ending the expression's last dot belongs to the text after it ("@name." ends a sentence).
            i = j - 1;
        }

        return result.ToString();
    }

    private static int AfterBalanced(string text, int open)
    {
        var (opening, closing) = text[open] == '(' ? ('(', ')') : ('[', ']');
        var depth = 0;
        var inString = false;
        for (var k = open; k < text.Length; k++)
        {
            var c = text[k];
            if (c == '"' && text[k - 1] != '\\')
            {
                inString = !inString;
            }
            else if (!inString && c == opening)
            {
                depth++;
            }
            else if (!inString && c == closing && --depth == 0)
            {
                return k + 1;
            }
        }

        return text.Length;
    }

    /// <summary>Razor comments, @code blocks (to the end: they close the file), scripts, styles and SVG drawings.</summary>
    [GeneratedRegex(@"@\*.*?\*@|@code\s*\{.*|<script\b.*?</script>|<style\b.*?</style>|<svg\b.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@">([^<>]+)<")]
    private static partial Regex TextNode();

    [GeneratedRegex(@"\s(Label|HelperText|Placeholder|title|aria-label|Text|DataLabel|RowsPerPageString|InfoFormat|alt|Title|ButtonText)=""([^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"[A-Za-z][A-Za-z/:\-]*[A-Za-z]")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(if|foreach|for|while|switch|using|else if)$")]
    private static partial Regex Keyword();
}
