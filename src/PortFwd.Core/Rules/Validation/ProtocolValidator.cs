namespace PortFwd.Core.Rules.Validation;

/// <summary>The protocol; the aspects after it read it (HTTP takes no range, only TCP meets the panel's ports).</summary>
internal sealed class ProtocolValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var typed = check.Draft.Protocol;
        if (ProtocolNames.TryParse(typed, out var protocol))
        {
            check.Protocol = protocol;
            return;
        }

        check.Error(RuleFields.Protocol, string.IsNullOrWhiteSpace(typed)
            ? RuleMessages.ProtocolMissing.With()
            : RuleMessages.ProtocolUnknown.With(typed));
    }
}
