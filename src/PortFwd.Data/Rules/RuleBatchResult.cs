using PortFwd.Core.Rules;

namespace PortFwd.Data.Rules;

/// <summary>A new rule of a batch (an import), with what validation needs to know about it.</summary>
/// <param name="Draft">The rule as read.</param>
/// <param name="Context">As for <see cref="RuleStore.CreateAsync"/>: the panel's ports, this machine, the target's addresses.</param>
public sealed record RuleBatchItem(RuleDraft Draft, RuleValidationContext Context);

/// <summary>Why one rule of a batch cannot be saved.</summary>
/// <param name="Index">Its place in the batch, from 0.</param>
/// <param name="Error">The same error <see cref="RuleStore.CreateAsync"/> gives for it alone (a conflict may name an earlier rule of the batch).</param>
public sealed record RuleBatchError(int Index, RuleSaveError Error);

/// <summary>The outcome of checking or storing a batch of new rules: all of them, or the errors and nothing stored.</summary>
public sealed class RuleBatchResult
{
    public RuleBatchResult(IReadOnlyList<ForwardingRule> rules, IReadOnlyList<RuleBatchError> errors)
    {
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>The rules as validated (normalized), in batch order; stored (with their ids) when the batch was saved.</summary>
    public IReadOnlyList<ForwardingRule> Rules { get; }

    /// <summary>Per rule, why it cannot be saved; empty when every rule can.</summary>
    public IReadOnlyList<RuleBatchError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;
}
