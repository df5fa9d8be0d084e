using System.Collections.Concurrent;

namespace PortFwd.Web.Certificates;

/// <summary>
/// The HTTP-01 challenge answers an ACME CA is about to fetch: token to key authorization. The ACME client sets one
/// before it tells the CA to check and removes it after; every plain HTTP listener of the panel (redirect ports and
/// plain HTTP rules' ports) answers <c>GET /.well-known/acme-challenge/{token}</c> from here.
/// </summary>
public sealed class AcmeChallengeAnswers
{
    /// <summary>The path every challenge request starts with.</summary>
    public const string PathPrefix = "/.well-known/acme-challenge";

    private readonly ConcurrentDictionary<string, string> _answers = new(StringComparer.Ordinal);
    private volatile int _count;

    /// <summary>Whether no challenge is open (the usual case): listeners then skip the lookup.</summary>
    public bool IsEmpty => _count == 0;

    public void Set(string token, string keyAuthorization)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(keyAuthorization);
        _answers[token] = keyAuthorization;
        _count = _answers.Count;
    }

    public void Remove(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        _answers.TryRemove(token, out _);
        _count = _answers.Count;
    }

    public bool TryGet(string token, out string keyAuthorization)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _answers.TryGetValue(token, out keyAuthorization!);
    }

    /// <summary>
    /// Answers a challenge request when <paramref name="context"/> is one for an open token; false leaves the request
    /// to whoever is next (a rule's backend may answer challenges of its own).
    /// </summary>
    public bool TryAnswer(HttpContext context, out Task written)
    {
        ArgumentNullException.ThrowIfNull(context);
        written = Task.CompletedTask;
        if (IsEmpty
            || !context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal, out var rest)
            || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            || rest.Value is not { Length: > 1 } tail
            || !TryGet(tail[1..], out var answer))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        written = context.Response.WriteAsync(answer, context.RequestAborted);
        return true;
    }
}
