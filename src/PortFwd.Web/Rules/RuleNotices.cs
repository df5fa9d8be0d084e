using Microsoft.Extensions.Localization;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Localization;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Rules;

/// <summary>A sentence for the user after an action on a rule, and how it reads (success, information, error).</summary>
public sealed record RuleNotice(Severity Severity, string Text);

/// <summary>
/// What the rules page says after the user adds, saves, switches or deletes a rule. Kept out of the page so
/// which outcome gets which sentence is decided, and tested, in one place. The sentences are the panel's, in the
/// person's language; a validator's or conflict check's reason inside them too when it has a code, else as it was written.
/// </summary>
public static class RuleNotices
{
    public static RuleNotice Added(ForwardingRule rule, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(text);
        return new RuleNotice(Severity.Success, text["Rules.Added", rule.Name]);
    }

    public static RuleNotice Saved(ForwardingRule rule, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(text);
        return new RuleNotice(Severity.Success, text["Rules.Saved", rule.Name]);
    }

    /// <summary>
    /// After the inline switch turned <paramref name="rule"/> on or off: nothing when it worked (the switch and the
    /// status chip show it), else why not, in the validator's or the conflict check's own words.
    /// </summary>
    public static RuleNotice? Switched(ForwardingRule rule, bool enabled, RuleSaveResult result, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(text);
        if (result.IsSuccess)
        {
            return null;
        }

        // The error's message is the validator's first field message, the conflict check's words, or that the rule is gone.
        var reason = result.Error.Said is { } said ? ValidationText.Localize(said, text) : result.Error.Message;
        return new RuleNotice(Severity.Error, text[enabled ? "Rules.CouldNotTurnOn" : "Rules.CouldNotTurnOff", rule.Name, reason]);
    }

    /// <summary>The question asked before deleting: what closes, and that there is no undo.</summary>
    public static string DeleteQuestion(ForwardingRule rule, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(text);
        return text["Rules.DeleteQuestion", rule.Name, rule.ExternalPorts];
    }

    /// <summary>
    /// After a confirmed delete: nothing when the rule was already gone (another browser or the API deleted it;
    /// the reloaded list shows that), else that it is deleted.
    /// </summary>
    public static RuleNotice? Deleted(ForwardingRule rule, bool deleted, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(text);
        return deleted ? new RuleNotice(Severity.Info, text["Rules.Deleted", rule.Name]) : null;
    }
}
