using Microsoft.Extensions.Localization;
using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Web.Reachability;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Components.Reachability;

/// <summary>
/// Starting a check from a page. It is never awaited on the circuit: the steps reach the page through
/// <see cref="ReachabilityBoard.Updates"/> as they answer, and the check goes on if the page closes.
/// </summary>
internal static class PageCheck
{
    /// <summary>Starts (or joins) the rule's check; false, and a snackbar saying why (in the page's language), when too many checks run.</summary>
    public static bool Start(ReachabilityChecker checker, ForwardingRule rule, ISnackbar snackbar, IStringLocalizer<Ui> text)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(text);
        if (checker.TryStart(rule, out _))
        {
            return true;
        }

        snackbar.Add(text["Reach.TooBusy"], Severity.Warning);
        return false;
    }
}
