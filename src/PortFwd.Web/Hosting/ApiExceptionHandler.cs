using Microsoft.AspNetCore.Diagnostics;
using PortFwd.Data.Storage;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Every error under <c>/api</c>, expected or not, answers <c>application/problem+json</c> with a plain
/// sentence, never the panel's HTML error page or an exception's text: a full data disk is 507, a failing
/// disk 503, an unreadable request its own 4xx, anything else 500. Pages keep their error page.
/// </summary>
internal sealed partial class ApiExceptionHandler(DatabaseWrites writes, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string UnexpectedError =
        "The panel could not finish this request because of an internal error; the panel's log has the details.";

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApi(httpContext) || httpContext.Response.HasStarted)
        {
            return false;
        }

        IResult problem;
        if (writes.Diagnose(exception) is { } storage)
        {
            LogStorageFailure(logger, httpContext.Request.Method, httpContext.Request.Path, storage.Kind);
            problem = TypedResults.Problem(
                title: storage.Kind == StorageFailureKind.DiskFull ? "The data disk is full" : "The data disk cannot be written",
                detail: storage.Message,
                statusCode: storage.Kind == StorageFailureKind.DiskFull ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable);
        }
        else if (exception is BadHttpRequestException bad)
        {
            problem = TypedResults.Problem(title: "The request could not be read", detail: "The request could not be read; check its body and headers.",
                statusCode: bad.StatusCode);
        }
        else
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = TypedResults.Problem(title: "Internal error", detail: UnexpectedError, statusCode: StatusCodes.Status500InternalServerError);
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = EventIds.DataDiskWriteFailed, Level = LogLevel.Warning, Message = "{Method} {Path} was not saved: {Failure}.")]
    private static partial void LogStorageFailure(ILogger logger, string method, PathString path, StorageFailureKind failure);

    [LoggerMessage(EventId = EventIds.ApiRequestFailed, Level = LogLevel.Error, Message = "{Method} {Path} failed.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);
}
