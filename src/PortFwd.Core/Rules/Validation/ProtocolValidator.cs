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
            ? "Choose a protocol: TCP, UDP, TCP/UDP or HTTP."
            : $"\"{typed}\" is not a protocol this panel knows; choose TCP, UDP, TCP/UDP or HTTP.");
    }
}
