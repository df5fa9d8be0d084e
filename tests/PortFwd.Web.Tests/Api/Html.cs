using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PortFwd.Web.Tests.Api;

/// <summary>Reads a served page as a browser's DOM, so assertions do not depend on attribute order.</summary>
public static class Html
{
    public static async Task<IDocument> ReadDocumentAsync(this HttpResponseMessage response, CancellationToken ct) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(ct));

    public static string SignedInUser(this IDocument page) =>
        page.QuerySelector("#signed-in-user")?.TextContent.Trim() ?? "(nobody is shown as signed in)";
}
