namespace PortFwd.Core.Rules.Validation;

/// <summary>The rule's name and description: the words a person reads in the rules table.</summary>
internal sealed class NameValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var name = check.Draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            check.Error(RuleFields.Name, RuleMessages.NameMissing);
        }
        else if (name.Length > RuleLimits.MaxNameLength)
        {
            check.Error(RuleFields.Name, RuleMessages.NameTooLong, RuleLimits.MaxNameLength, name.Length);
        }
        else if (name.Any(char.IsControl))
        {
            check.Error(RuleFields.Name, RuleMessages.NameControl);
        }

        check.Name = name;

        var description = check.Draft.Description?.Trim();
        if (description?.Length > RuleLimits.MaxDescriptionLength)
        {
            check.Error(RuleFields.Description, RuleMessages.DescriptionTooLong, RuleLimits.MaxDescriptionLength, description.Length);
        }

        check.Description = string.IsNullOrEmpty(description) ? null : description;
    }
}
