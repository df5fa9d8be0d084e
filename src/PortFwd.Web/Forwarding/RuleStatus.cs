using System.Text.Json.Serialization;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Forwarding;

/// <summary>What a rule is doing right now, as the table's chip and the status API show it.</summary>
/// <remarks>The API names them <c>pending</c>, <c>active</c>, <c>disabled</c>, <c>scheduled</c> and <c>error</c>; so do the chips' <c>data-state</c> attributes.</remarks>
public enum RuleState
{
    /// <summary>Saved and enabled, not applied yet (or being retried).</summary>
    Pending,

    /// <summary>Listening and forwarding.</summary>
    Active,

    /// <summary>Switched off by the user.</summary>
    Disabled,

    /// <summary>Could not be applied; the status says why.</summary>
    Error,

    /// <summary>Enabled, but outside its schedule: off (port closed, router mapping removed) until the next window opens.</summary>
    Scheduled,
}

/// <summary>The applied state of one rule: its state, why (for errors), and where it listens.</summary>
/// <param name="Message">The English the API answers.</param>
public sealed record RuleStatus(RuleState State, string? Message, IReadOnlyList<string> Listening, DateTimeOffset Since)
{
    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages.</summary>
    [JsonIgnore]
    public ValidationMessage? Reason { get; init; }

    /// <summary>A status saying <paramref name="reason"/> (none for an active rule).</summary>
    public static RuleStatus Of(RuleState state, ValidationMessage? reason, IReadOnlyList<string> listening, DateTimeOffset since) =>
        new(state, reason?.Text, listening, since) { Reason = reason };
}
