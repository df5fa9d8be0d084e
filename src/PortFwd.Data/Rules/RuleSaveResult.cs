using System.Diagnostics.CodeAnalysis;
using PortFwd.Core.Rules;

namespace PortFwd.Data.Rules;

/// <summary>How a save ended.</summary>
public enum RuleSaveOutcome
{
    Saved,
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>The outcome of storing a rule: the saved rule, field errors, a conflict, or not found.</summary>
public sealed record RuleSaveResult(
    RuleSaveOutcome Outcome,
    ForwardingRule? Rule = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    RuleConflict? Conflict = null)
{
    /// <summary>Whether the rule was saved; then <see cref="Rule"/> is the stored rule.</summary>
    [MemberNotNullWhen(true, nameof(Rule))]
    public bool IsSuccess => Outcome == RuleSaveOutcome.Saved && Rule is not null;

    public static RuleSaveResult NotFound { get; } = new(RuleSaveOutcome.NotFound);

    /// <summary>Field errors, with a conflict reported on the external port.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors => Outcome switch
    {
        RuleSaveOutcome.Invalid => Errors ?? new Dictionary<string, string[]>(),
        RuleSaveOutcome.Conflict => new Dictionary<string, string[]> { [RuleFields.ExternalPort] = [Conflict!.Message] },
        _ => new Dictionary<string, string[]>(),
    };
}
