namespace PortFwd.Core.Rules.Validation;

/// <summary>Checks one aspect of a rule (its ports, its target, ...), adding errors to the shared check and its normalized values to it.</summary>
internal interface IRuleAspectValidator
{
    void Validate(RuleCheck check);
}
