using System.Text.RegularExpressions;
using AngleSharp.Dom;
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
    /// <paramref name="markup"/> (attributes too: aria-labels, titles). A value that reads the same in Spanish, or that
    /// is part of a Spanish value shown, is not counted; a value with placeholders is looked for by its pieces of more than one word.
    /// </summary>
    public static IReadOnlyList<string> EnglishLeftIn(string markup, params string[] keys)
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");
        var chosen = english.Keys.Where(k => keys.Any(p => k == p || k.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(chosen);

        // Spanish text shown is taken out first, so that "Token" is not found inside "Token de acceso".
        var text = Visible(markup);
        foreach (var shown in chosen.Select(k => spanish[k]).SelectMany(Pieces).OrderByDescending(p => p.Length))
        {
            text = text.Replace(shown, " ", StringComparison.Ordinal);
        }

        return
        [
            .. chosen.Where(k => english[k] != spanish[k])
                .SelectMany(k => Pieces(english[k]).Select(piece => (Key: k, Piece: piece)))
                .Where(p => text.Contains(p.Piece, StringComparison.Ordinal))
                .Select(p => $"{p.Key}: \"{p.Piece}\""),
        ];
    }

    /// <summary>What a person reads or hears: each text node, and the attributes read out or shown (not class names or styles).</summary>
    private static string Visible(string markup)
    {
        var document = new HtmlParser().ParseDocument(markup);
        var texts = document.Body!.Descendants().OfType<IText>().Select(t => t.Data);
        var attributes = document.All.SelectMany(e => e.Attributes)
            .Where(a => a.Name is "aria-label" or "title" or "placeholder" or "alt" or "label")
            .Select(a => a.Value);
        return string.Join(" | ", texts.Concat(attributes));
    }

    /// <summary>The literal pieces of a value between its placeholders; short ones ("in", "of") would be found anywhere.</summary>
    private static IEnumerable<string> Pieces(string value)
    {
        var pieces = Placeholder().Split(value).Select(p => p.Trim(' ', ':', ';', ',', '.', '(', ')', '/', '"', '«', '»')).ToList();
        return pieces.Count == 1 ? pieces.Where(p => p.Length >= 3) : pieces.Where(p => p.Length >= 6 && p.Contains(' ', StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\{[0-9]+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
