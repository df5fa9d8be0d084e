namespace PortFwd.Web.Forwarding;

/// <summary>What a rule is doing right now, as the table's chip and the status API show it.</summary>
public enum RuleState
{
    Pending,
    Active,
    Disabled,
    Error,
}

/// <summary>The applied state of one rule: its state, why (for errors), and where it listens.</summary>
public sealed record RuleStatus(RuleState State, string? Message, IReadOnlyList<string> Listening, DateTimeOffset Since)
{
    public string StateName => State switch
    {
        RuleState.Active => "active",
        RuleState.Disabled => "disabled",
        RuleState.Error => "error",
        _ => "pending",
    };
}
