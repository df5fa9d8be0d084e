namespace PortFwd.Core.Rules;

/// <summary>A TCP port no rule may take, with the reason shown to the user (the panel's own port, for one).</summary>
public sealed record ReservedPort(int Port, string Reason);

/// <summary>What validation needs to know beyond the rule itself.</summary>
public sealed record RuleValidationContext(IReadOnlyCollection<ReservedPort> ReservedPorts)
{
    public static RuleValidationContext Empty { get; } = new([]);
}
