namespace PortFwd.Data.Audit;

/// <summary>How an actor reached the panel.</summary>
public static class AuditVia
{
    /// <summary>The panel's pages (a session cookie, a Blazor circuit).</summary>
    public const string Panel = "panel";

    /// <summary>The API with a bearer token.</summary>
    public const string Token = "token";

    /// <summary>Not signed in: the sign-in and set-up forms, a token request.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The panel itself: expiries, renewals, the first account from the configuration.</summary>
    public const string System = "system";
}

/// <summary>Who makes the changes of the current request or circuit event, and from which address.</summary>
/// <param name="Name">The user name (or, for a sign-in, the name given).</param>
/// <param name="Address">The client's IP address; null when there is none.</param>
/// <param name="Via">How they came (<see cref="AuditVia"/>).</param>
/// <param name="Token">With <see cref="AuditVia.Token"/>, the name its owner gave the token (never its secret), so the log tells which script acted.</param>
public sealed record AuditActor(string Name, string? Address, string Via, string? Token = null)
{
    /// <summary>The panel itself: what happens with no request or circuit behind it.</summary>
    public static AuditActor System { get; } = new("system", null, AuditVia.System);
}
