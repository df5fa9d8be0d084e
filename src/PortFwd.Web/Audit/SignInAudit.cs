using PortFwd.Data.Audit;
using PortFwd.Web.Accounts.SignIn;

namespace PortFwd.Web.Audit;

/// <summary>
/// Records sign-ins in the audit log, both kinds: with the user name given and the client's address, never the password
/// or the code. A sign-in changes nothing in the database, so its entry is written on its own.
/// </summary>
public sealed class SignInAudit(AuditTrail trail, AuditStore log)
{
    /// <param name="http">The sign-in request (its client address).</param>
    /// <param name="userName">The name given (any text a client sent: it is clipped, and shown encoded).</param>
    /// <param name="result">How the attempt ended. A password that needs its code next is not recorded: the code step is.</param>
    /// <param name="withToken">A token request (<c>POST /api/tokens</c>) rather than the login form.</param>
    public Task RecordAsync(HttpContext http, string? userName, SignInResult result, bool withToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == SignInStatus.CodeRequired)
        {
            return Task.CompletedTask;
        }

        var given = result.Account?.UserName ?? userName;
        var name = string.IsNullOrWhiteSpace(given) ? "(none)" : given.Trim();
        var actor = new AuditActor(name, AuditActors.Text(http.Connection.RemoteIpAddress), withToken ? AuditVia.Token : AuditVia.Panel);
        var reason = result.Status switch
        {
            SignInStatus.WrongPassword => "wrong user name or password",
            SignInStatus.WrongCode => "wrong code",
            SignInStatus.LockedOut => "locked out after too many failures",
            _ => null,
        };
        var entry = trail.Entry(
            result.Status == SignInStatus.Success ? AuditActions.SignInSuccess : AuditActions.SignInFailure,
            $"account \"{name}\"",
            after: reason is null ? null : new { reason },
            by: actor);
        // Recorded even when the client hung up: a failed attempt must not vanish with its connection.
        return log.AddAsync(entry, CancellationToken.None);
    }
}
