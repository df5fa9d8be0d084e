using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PortFwd.Web.Tests.Localization;

/// <summary>A .resx of the panel read as it is in the repository: its keys and values, in file order.</summary>
internal static partial class ResxFile
{
    public static IReadOnlyDictionary<string, string> Read(string name) =>
        XDocument.Load(RepositoryFiles.PathOf("src", "PortFwd.Web", "Resources", name)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    /// <summary>The placeholders a value fills in: "{0}", "{1:N0}", MudBlazor's "{first_item}"; sorted, without repeats.</summary>
    public static IReadOnlyList<string> Placeholders(string value) =>
        [.. Placeholder().Matches(value).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"(?<!\{)\{([0-9]+|[a-z_]+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
