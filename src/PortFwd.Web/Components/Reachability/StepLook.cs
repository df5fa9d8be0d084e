using MudBlazor;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Components.Reachability;

/// <summary>How a step's status and a check's verdict look: one icon and colour each, the same in the list, the badge and the dialog.</summary>
/// <param name="Word">The status in words: a key of the panel's resources.</param>
internal sealed record StepLook(string Icon, Color Color, string Word)
{
    private static readonly StepLook Pass = new(Icons.Material.Filled.CheckCircle, Color.Success, "Reach.Status.Pass");
    private static readonly StepLook Fail = new(Icons.Material.Filled.Cancel, Color.Error, "Reach.Status.Fail");
    private static readonly StepLook Warn = new(Icons.Material.Filled.Warning, Color.Warning, "Reach.Status.Warn");
    private static readonly StepLook Skipped = new(Icons.Material.Filled.RemoveCircleOutline, Color.Default, "Reach.Status.Skipped");

    public static StepLook Of(CheckStepStatus status) => status switch
    {
        CheckStepStatus.Pass => Pass,
        CheckStepStatus.Fail => Fail,
        CheckStepStatus.Warn => Warn,
        _ => Skipped,
    };

    /// <summary>The badge's colour: green when reached, red when a link is broken, amber when not confirmed, grey while checking.</summary>
    public static Color Of(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Reachable => Color.Success,
        CheckVerdict.Broken => Color.Error,
        CheckVerdict.Unconfirmed => Color.Warning,
        _ => Color.Default,
    };
}
