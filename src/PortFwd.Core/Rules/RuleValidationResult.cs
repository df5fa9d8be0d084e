namespace PortFwd.Core.Rules;

/// <summary>
/// The outcome of validating a <see cref="RuleDraft"/>: either a normalized <see cref="ForwardingRule"/>
/// or one or more messages per field, each saying what is wrong and how to fix it.
/// </summary>
public sealed class RuleValidationResult
{
    private readonly Dictionary<string, List<string>> _errors;

    internal RuleValidationResult(ForwardingRule? rule, Dictionary<string, List<string>> errors)
    {
        Rule = rule;
        _errors = errors;
    }

    /// <summary>The normalized rule, when valid.</summary>
    public ForwardingRule? Rule { get; }

    public bool IsValid => _errors.Count == 0;

    /// <summary>Messages per field name (<see cref="RuleFields"/>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IReadOnlyList<string> ErrorsFor(string field) =>
        _errors.TryGetValue(field, out var list) ? list : [];
}
