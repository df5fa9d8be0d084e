namespace PortFwd.Core.Rules.Validation;

/// <summary>The rule's name and description: the words a person reads in the rules table.</summary>
internal sealed class NameValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var name = check.Draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            check.Error(RuleFields.Name, "Give the rule a name, for example \"Web server\".");
        }
        else if (name.Length > RuleLimits.MaxNameLength)
        {
            check.Error(RuleFields.Name, $"The name can be at most {RuleLimits.MaxNameLength} characters; this one has {name.Length}.");
        }
        else if (name.Any(char.IsControl))
        {
            check.Error(RuleFields.Name, "The name cannot contain line breaks or control characters.");
        }

        check.Name = name;

        var description = check.Draft.Description?.Trim();
        if (description?.Length > RuleLimits.MaxDescriptionLength)
        {
            check.Error(RuleFields.Description, $"The description can be at most {RuleLimits.MaxDescriptionLength} characters; this one has {description.Length}.");
        }

        check.Description = string.IsNullOrEmpty(description) ? null : description;
    }
}
