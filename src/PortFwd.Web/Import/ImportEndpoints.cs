using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using PortFwd.Import;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Import;

/// <summary>
/// <c>POST /api/import?format=...[&amp;dryRun=true]</c>: another tool's configuration file, sent as text, becomes rules —
/// all of them or none. The body is read here, not bound, so each mistake in it (not text, too large, not UTF-8) gets its own answer.
/// </summary>
internal static class ImportEndpoints
{
    /// <summary>As large as the importer reads; a configuration file is a few KiB.</summary>
    public const int MaxBodyBytes = RuleImporter.MaxChars;

    private const string TextPlain = "text/plain";

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/import", ImportAsync).WithTags("Import").DisableAntiforgery()
            .WithName("ImportRules").WithSummary("Import rules from rinetd, frpc, iptables or nftables")
            .WithDescription("Reads the text of a configuration file (rinetd.conf, frpc.toml/frpc.ini, iptables-save or nft list ruleset output; "
                + "format says which) sent as text/plain, at most 1 MiB. Every rule is checked as POST /api/rules checks one, including conflicts "
                + "with saved rules. dryRun=true answers 200 with the rules it would add, the lines that cannot be imported (problems: line, "
                + "field, message) and the lines skipped on purpose (notes), and changes nothing. Without dryRun, the rules are added in one step "
                + "and applied at once (201), or, when any line cannot be imported, nothing is added (400 with the problems). An unknown format, "
                + "an empty text or one without forwards answers 400 either way.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The configuration file's text (UTF-8).",
                    Content = new Dictionary<string, OpenApiMediaType> { [TextPlain] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithBodyLimit(MaxBodyBytes);
        return app;
    }

    /// <param name="format">rinetd, frpc, iptables or nftables.</param>
    /// <param name="dryRun">True to see what would be added without adding anything.</param>
    public static async Task<Results<Ok<ImportResponse>, Created<ImportResponse>, ProblemHttpResult>> ImportAsync(
        string? format, bool? dryRun, HttpRequest request, RuleImport import, CancellationToken ct)
    {
        if (!ImportFormatNames.TryParse(format, out var parsedFormat))
        {
            return Refused(format is null ? "Say which format the text is in" : $"\"{format}\" is not a format PortFwd reads",
                "format", $"Add ?format= with one of {string.Join(", ", ImportFormatNames.All)}.");
        }

        var body = await ReadTextAsync(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var preview = dryRun == true;
        // The API's rules get English descriptions, as its messages are English.
        var plan = preview ? await import.PreviewAsync(parsedFormat, body.Text, word: null, ct) : await import.ApplyAsync(parsedFormat, body.Text, word: null, ct);
        var response = ImportResponse.From(plan, preview);
        if (plan.Imported)
        {
            return TypedResults.Created((string?)null, response);
        }

        if (preview && !plan.RefusedWhole)
        {
            return TypedResults.Ok(response);
        }

        return TypedResults.Problem(
            title: "Nothing was imported",
            detail: plan.RefusedWhole
                ? plan.Problems.First(p => p.Line == 0).Message
                : $"{Lines(plan.Problems.Select(p => p.Line).Distinct().Count())} of the text cannot be imported, and an import is all or nothing. "
                    + "Fix or remove the lines listed in problems (a preview with dryRun=true shows them too) and try again.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = response.Problems,
                ["rules"] = response.Rules,
                ["notes"] = response.Notes,
            });
    }

    private static string Lines(int count) => count == 1 ? "1 line" : $"{count} lines";

    /// <summary>A refusal of the request itself, in the same shape as a refused line (line 0 concerns the whole request).</summary>
    private static ProblemHttpResult Refused(string title, string? field, string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: title, detail: message, statusCode: status, extensions: new Dictionary<string, object?>
        {
            ["problems"] = new[] { new ImportProblemResponse(0, "", field, message) },
        });

    private sealed record BodyText(string? Text, ProblemHttpResult? Problem);

    /// <summary>The body as text: text/plain, UTF-8, at most <see cref="MaxBodyBytes"/>; read no further than that.</summary>
    private static async Task<BodyText> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(TextPlain, StringComparison.OrdinalIgnoreCase))
        {
            return new(null, Refused("Unsupported content type", null,
                "Send the file's text as the body with Content-Type: text/plain (with curl: -H 'Content-Type: text/plain' --data-binary @rinetd.conf).",
                StatusCodes.Status415UnsupportedMediaType));
        }

        var tooLarge = Refused("The text is too large", null,
            $"An import takes at most 1 MiB ({MaxBodyBytes:N0} bytes); a configuration file is a few KiB. Import the file in parts.",
            StatusCodes.Status413PayloadTooLarge);
        if (request.ContentLength > MaxBodyBytes)
        {
            return new(null, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return new(null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return new(text.TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return new(null, Refused("The text is not UTF-8", null, "The body is not UTF-8 text; send the configuration file itself, saved as UTF-8."));
        }
    }
}
