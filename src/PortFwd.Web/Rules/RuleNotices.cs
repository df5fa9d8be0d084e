using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;

namespace PortFwd.Web.Rules;

/// <summary>A sentence for the user after an action on a rule, and how it reads (success, information, error).</summary>
public sealed record RuleNotice(Severity Severity, string Text);

/// <summary>
/// What the rules page says after the user adds, saves, switches or deletes a rule. Kept out of the page so
/// which outcome gets which sentence is decided, and tested, in one place.
/// </summary>
public static class RuleNotices
{
    public static RuleNotice Added(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleNotice(Severity.Success, $"Rule \"{rule.Name}\" added.");
    }

    public static RuleNotice Saved(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleNotice(Severity.Success, $"Rule \"{rule.Name}\" saved.");
    }

    /// <summary>
    /// After the inline switch turned <paramref name="rule"/> on or off: nothing when it worked (the switch and the
    /// status chip show it), else why not, in the validator's or the conflict check's own words.
    /// </summary>
    public static RuleNotice? Switched(ForwardingRule rule, bool enabled, RuleSaveResult result)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsSuccess)
        {
            return null;
        }

        // The error's message is the validator's first field message, the conflict check's words, or that the rule is gone.
        return new RuleNotice(Severity.Error, $"Could not turn \"{rule.Name}\" {(enabled ? "on" : "off")}: {result.Error.Message}");
    }

    /// <summary>The question asked before deleting: what closes, and that there is no undo.</summary>
    public static string DeleteQuestion(ForwardingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"Delete the rule \"{rule.Name}\"? Port {rule.ExternalPorts} will be closed and the rule cannot be recovered.";
    }

    /// <summary>
    /// After a confirmed delete: nothing when the rule was already gone (another browser or the API deleted it;
    /// the reloaded list shows that), else that it is deleted.
    /// </summary>
    public static RuleNotice? Deleted(ForwardingRule rule, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return deleted ? new RuleNotice(Severity.Info, $"Rule \"{rule.Name}\" deleted.") : null;
    }
}
