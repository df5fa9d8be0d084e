using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Components.Reachability;

/// <summary>
/// Starting a check from a page. It is never awaited on the circuit: the steps reach the page through
/// <see cref="ReachabilityBoard.Updates"/> as they answer, and the check goes on if the page closes.
/// </summary>
internal static class PageCheck
{
    /// <summary>What the snackbar says when the checker refuses a new check.</summary>
    public const string TooBusy = "Other rules' checks are running; try again in a few seconds.";

    /// <summary>Starts (or joins) the rule's check; false, and a snackbar saying why, when too many checks run.</summary>
    public static bool Start(ReachabilityChecker checker, ForwardingRule rule, ISnackbar snackbar)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(snackbar);
        if (checker.TryStart(rule, out _))
        {
            return true;
        }

        snackbar.Add(TooBusy, Severity.Warning);
        return false;
    }
}
