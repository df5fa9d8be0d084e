namespace PortFwd.Data.Audit;

/// <summary>
/// One change (or sign-in) in the audit log: when, who, from where, what and to which item, with the item before and
/// after as JSON. Written in the same transaction as the change it records, so neither exists without the other.
/// Secrets never reach it: passwords, tokens and private keys are written as <see cref="AuditJson.Masked"/> or
/// <see cref="AuditJson.Changed"/>.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActorLength = 64;
    public const int MaxAddressLength = 64;
    public const int MaxActionLength = 32;
    public const int MaxTargetLength = 256;
    public const int MaxTokenLength = Accounts.ApiToken.MaxNameLength;

    public long Id { get; set; }

    /// <summary>When it happened (stored as Unix milliseconds, so ranges and order are SQL's).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The user name; for a failed sign-in the name tried; <c>system</c> for the panel's own changes.</summary>
    public string Actor { get; set; } = AuditActor.System.Name;

    /// <summary>How the actor came: <see cref="AuditVia"/>.</summary>
    public string Via { get; set; } = AuditVia.System;

    /// <summary>The name of the API token the change was made with (<see cref="AuditVia.Token"/>), never its secret; null otherwise.</summary>
    public string? Token { get; set; }

    /// <summary>The client's IP address; null for the panel's own changes.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>A stable dotted name from <see cref="AuditActions"/>, such as <c>rule.update</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What was changed, in words: <c>rule 12 "Minecraft"</c>.</summary>
    public string Target { get; set; } = "";

    /// <summary>The item before the change as JSON; null for a creation or a sign-in.</summary>
    public string? Before { get; set; }

    /// <summary>The item after the change as JSON; null for a deletion or a sign-in.</summary>
    public string? After { get; set; }
}
