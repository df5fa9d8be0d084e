using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Backup;

/// <summary>The body of <c>POST /api/backup</c>: the passphrase the secrets are encrypted with.</summary>
public sealed class BackupRequest
{
    public string? Passphrase { get; set; }
}

/// <summary>What a restore did, or would do (<c>POST /api/restore</c>).</summary>
/// <param name="DryRun">True for a preview: nothing was changed.</param>
/// <param name="Restored">True when the configuration was replaced by the backup's (and is being applied).</param>
/// <param name="Changes">Each item added, changed or removed, by section and name.</param>
/// <param name="Problems">Why the backup cannot be restored; a restore that happened lists none.</param>
public sealed record RestoreResponse(bool DryRun, bool Restored, IReadOnlyList<RestoreChange> Changes, IReadOnlyList<RestoreProblem> Problems);

/// <summary>
/// <c>GET</c>/<c>POST /api/backup</c> and <c>POST /api/restore</c>: the configuration as one JSON document, and that
/// document put back, all or nothing.
/// </summary>
internal static class BackupEndpoints
{
    /// <summary>The request header a restore takes the backup's passphrase from (the body is the backup itself, as downloaded).</summary>
    public const string PassphraseHeader = "X-Backup-Passphrase";

    /// <summary>A restore's body: a backup of thousands of rules is a few MiB, so 16 MiB leaves room without letting anyone make the panel buffer more.</summary>
    public const long MaxRestoreBytes = 16L * 1024 * 1024;

    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        var backup = app.MapGroup("/api").WithTags("Backup").DisableAntiforgery();
        backup.MapGet("/backup", GetBackupAsync)
            .WithName("GetBackup").WithSummary("Download a backup")
            .WithDescription("The configuration as one JSON document (format portfwd-backup, version 1): rules as POST /api/rules takes them, Dynamic "
                + "DNS names as POST /api/ddns takes them, blocklist entries as POST /api/blocklist takes them and the settings saved on the panel "
                + "as PUT /api/settings takes them. Dynamic DNS passwords and tokens are left out; POST /api/backup with a passphrase includes them encrypted.");
        backup.MapPost("/backup", PostBackupAsync)
            .WithName("GetBackupWithSecrets").WithSummary("Download a backup with its secrets")
            .WithDescription("As GET /api/backup, with Dynamic DNS passwords and tokens included, encrypted with the passphrase of the body "
                + "({\"passphrase\": \"...\"}, at least 8 characters): AES-256-GCM, the key from PBKDF2-HMAC-SHA256 with a random salt and "
                + "600,000 iterations; every parameter is in the document's encryption object.")
            .ReadsJsonBody<BackupRequest>()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        backup.MapPost("/restore", RestoreAsync)
            .WithName("Restore").WithSummary("Restore a backup")
            .WithDescription("Takes a backup document, exactly as downloaded, as the body; the passphrase it was made with, if any, in the "
                + PassphraseHeader + " header. dryRun=true answers 200 with what would be added, changed and removed, and changes nothing. "
                + "Without it the configuration (rules, Dynamic DNS names, blocklist, the settings saved on the panel) becomes exactly the "
                + "backup's, in one step, and applies at once (200). Any problem — not a backup, another version, a wrong or missing passphrase, "
                + "an item failing the checks the API makes when it is typed, a conflict — answers 400 listing each (section, index, item, field, "
                + "message), and nothing changes.")
            .ReadsJsonBody<BackupDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithBodyLimit(MaxRestoreBytes);
        return app;
    }

    public static async Task<Ok<BackupDocument>> GetBackupAsync(HttpContext context, ConfigurationBackup backup, CancellationToken ct) =>
        Attachment(context, backup, await backup.CreateAsync(null, ct));

    public static async Task<Results<Ok<BackupDocument>, ValidationProblem, ProblemHttpResult>> PostBackupAsync(
        HttpContext context, ConfigurationBackup backup, CancellationToken ct)
    {
        var body = await JsonBodyReader.ReadAsync<BackupRequest>(context.Request, "backup request", "{\"passphrase\": \"…\"}",
            property => $"{property.Name} must be text in quotes.", ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Ok<BackupDocument>>(body.Error, Invalid);
        }

        var passphrase = body.Value.Passphrase;
        var problem = string.IsNullOrEmpty(passphrase)
            ? "Give a passphrase, or use GET /api/backup for a backup without secrets."
            : ConfigurationBackup.PassphraseProblem(passphrase);
        if (problem is not null)
        {
            return Invalid(new Dictionary<string, string[]> { ["passphrase"] = [problem] });
        }

        return Attachment(context, backup, await backup.CreateAsync(body.Value.Passphrase, ct));
    }

    /// <param name="dryRun">True to see what would change without changing anything.</param>
    public static async Task<Results<Ok<RestoreResponse>, ProblemHttpResult>> RestoreAsync(
        bool? dryRun, HttpRequest request, ConfigurationRestore restore, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(title: "Unsupported content type", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the backup file as the body with Content-Type: application/json (with curl: -H 'Content-Type: application/json' --data-binary @backup.json).");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Refused(false, new RestorePlan([], [new RestoreProblem(BackupSections.Document, null, null, "format",
                $"The file is not JSON (line {e.LineNumber + 1}); a backup is the JSON document GET /api/backup gives.")], false));
        }

        using (document)
        {
            var preview = dryRun == true;
            var passphrase = request.Headers[PassphraseHeader].FirstOrDefault();
            var plan = preview
                ? await restore.PreviewAsync(document.RootElement, passphrase, ct)
                : await restore.ApplyAsync(document.RootElement, passphrase, ct);
            return plan.CanRestore ? TypedResults.Ok(new RestoreResponse(preview, plan.Restored, plan.Changes, [])) : Refused(preview, plan);
        }
    }

    private static ProblemHttpResult Refused(bool preview, RestorePlan plan) => TypedResults.Problem(
        title: "The backup cannot be restored",
        detail: $"{plan.Problems[0].Message} ({Count(plan.Problems.Count)} in all, listed in problems.) A restore is all or nothing: nothing was changed.",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?>
        {
            ["dryRun"] = preview,
            ["problems"] = plan.Problems,
            ["changes"] = plan.Changes,
        });

    private static string Count(int problems) => problems == 1 ? "1 problem" : $"{problems} problems";

    private static Ok<BackupDocument> Attachment(HttpContext context, ConfigurationBackup backup, BackupDocument document)
    {
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{backup.FileName()}\"";
        return TypedResults.Ok(document);
    }

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The backup request has errors", detail: "Fix the fields listed in errors and try again.");
}
