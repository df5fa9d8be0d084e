using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PortFwd.Web.Tests.Localization;

/// <summary>Renders a component as a browser asking for Spanish would get it, and finds English the component left in.</summary>
internal static partial class SpanishUi
{
    /// <summary>
    /// The panel's Spanish for the rest of the test, as the request culture sets it; call before the first render (the
    /// circuit's language is taken when it is first asked for). Disposing gives the thread its culture back.
    /// </summary>
    public static IDisposable Use() => InLanguage.Use("es");

    /// <summary>
    /// The English values of the resource keys named (a key, or a prefix such as "Ddns" for "Ddns.*") that appear in
    /// <paramref name="markup"/> where a person reads them (text, and attributes read out or shown: aria-labels, titles,
    /// a field's value). A value that reads the same in Spanish is not counted, nor English found only inside a Spanish
    /// value of these keys that is shown ("Token" in "Token de acceso"); a value with placeholders is looked for by its
    /// pieces that hold a space, a value without by itself (a single word too).
    /// </summary>
    public static IReadOnlyList<string> EnglishLeftIn(string markup, params string[] keys)
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");
        var chosen = english.Keys.Where(k => keys.Any(p => k == p || k.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(chosen);

        var text = Visible(markup);
        var spanishShown = chosen.Select(k => spanish[k]).SelectMany(Pieces).Distinct(StringComparer.Ordinal)
            .SelectMany(piece => Occurrences(text, piece).Select(at => (From: at, To: at + piece.Length)))
            .ToList();
        bool InsideSpanish(int at, string piece) => spanishShown.Any(s => s.From <= at && at + piece.Length <= s.To);

        return
        [
            .. chosen.Where(k => english[k] != spanish[k])
                .SelectMany(k => Pieces(english[k]).Select(piece => (Key: k, Piece: piece)))
                .Where(p => Occurrences(text, p.Piece).Any(at => !InsideSpanish(at, p.Piece)))
                .Select(p => $"{p.Key}: \"{p.Piece}\""),
        ];
    }

    /// <summary>
    /// What a person reads or hears: the text (a sentence split over inline elements read as one; not style sheets or
    /// scripts), and the attributes read out or shown: labels, titles, placeholders, the value of a field shown, and
    /// the cell labels a table shows on a phone (not ids, class names, styles, hidden values or the data a test reads).
    /// </summary>
    private static string Visible(string markup)
    {
        var document = new HtmlParser().ParseDocument(markup);
        foreach (var notRead in document.QuerySelectorAll("style, script").ToList())
        {
            notRead.Remove();
        }

        var attributes = document.All.SelectMany(e => e.Attributes.Where(a => IsRead(e, a.Name))).Select(a => a.Value);
        return string.Join(" | ", attributes.Prepend(document.Body!.TextContent));
    }

    private static bool IsRead(IElement element, string attribute) => attribute switch
    {
        "aria-label" or "title" or "placeholder" or "alt" or "label" or "data-label" => true,
        "value" => element is IHtmlInputElement { Type: not ("hidden" or "checkbox" or "radio" or "password") },
        _ => false,
    };

    private static IEnumerable<int> Occurrences(string text, string piece)
    {
        for (var at = text.IndexOf(piece, StringComparison.Ordinal); at >= 0; at = text.IndexOf(piece, at + 1, StringComparison.Ordinal))
        {
            yield return at;
        }
    }

    /// <summary>
    /// The literal pieces of a value between its placeholders, looked for without the punctuation around them. Between
    /// placeholders only a piece with a space in it counts (", checked" does, "in" or "of" alone would be found anywhere).
    /// </summary>
    private static IEnumerable<string> Pieces(string value)
    {
        var pieces = Placeholder().Split(value).Select(p => p.Trim()).ToList();
        return (pieces.Count == 1 ? pieces : pieces.Where(p => p.Length >= 6 && p.Contains(' ', StringComparison.Ordinal)))
            .Select(p => p.Trim(':', ';', ',', '.', '(', ')', '/', '"', '«', '»', ' '))
            .Where(p => p.Length >= 3);
    }

    [GeneratedRegex(@"\{[0-9]+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
