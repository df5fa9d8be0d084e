using PortFwd.Data.Audit;

namespace PortFwd.Web.Audit;

/// <summary>
/// Records sign-ins in the audit log, both kinds: with the user name given and the client's address, never the password.
/// A sign-in changes nothing in the database, so its entry is written on its own.
/// </summary>
public sealed class SignInAudit(AuditTrail trail, AuditStore log)
{
    /// <param name="http">The sign-in request (its client address).</param>
    /// <param name="userName">The name given (any text a client sent: it is clipped, and shown encoded).</param>
    /// <param name="succeeded">Whether the password matched.</param>
    /// <param name="withToken">A token request (<c>POST /api/tokens</c>) rather than the login form.</param>
    public Task RecordAsync(HttpContext http, string? userName, bool succeeded, bool withToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var name = string.IsNullOrWhiteSpace(userName) ? "(none)" : userName.Trim();
        var actor = new AuditActor(name, AuditActors.Text(http.Connection.RemoteIpAddress), withToken ? AuditVia.Token : AuditVia.Panel);
        var entry = trail.Entry(succeeded ? AuditActions.SignInSuccess : AuditActions.SignInFailure, $"account \"{name}\"", by: actor);
        // Recorded even when the client hung up: a failed attempt must not vanish with its connection.
        return log.AddAsync(entry, CancellationToken.None);
    }
}
