namespace PortFwd.Core.Rules;

/// <summary>What happened to a rule; raised after the change is stored.</summary>
public enum RuleChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>A stored change of one rule.</summary>
public sealed record RuleChange(RuleChangeKind Kind, int RuleId);

/// <summary>
/// The desired state: the saved rules. The reconciler reads it; whoever stores rules calls
/// <see cref="IRuleChangeSignal.Notify"/> after each stored change.
/// </summary>
public interface IRuleSource
{
    Task<IReadOnlyList<ForwardingRule>> GetAllAsync(CancellationToken cancellationToken);
}

/// <summary>Tells listeners (the reconciler, open browser pages) that a rule was stored or deleted.</summary>
public interface IRuleChangeSignal
{
    event Action<RuleChange>? Changed;

    void Notify(RuleChange change);
}

/// <summary>The in-process <see cref="IRuleChangeSignal"/>.</summary>
public sealed class RuleChangeSignal : IRuleChangeSignal
{
    public event Action<RuleChange>? Changed;

    public void Notify(RuleChange change) => Changed?.Invoke(change);
}
