using PortFwd.Core.Rules;

namespace PortFwd.Web.Rules;

/// <summary>What the rule form's schedule inputs hold: "Always on", the days picked, and the times as typed (HH:mm).</summary>
public sealed class RuleScheduleFormModel
{
    private readonly HashSet<string> _days = [];

    /// <summary>No schedule: the rule is on whenever it is enabled.</summary>
    public bool AlwaysOn { get; set; } = true;

    /// <summary>The days picked (wire names), Monday first.</summary>
    public IReadOnlyList<string> Days => [.. ScheduleDayNames.All.Where(_days.Contains)];

    public string From { get; set; } = "18:00";

    public string To { get; set; } = "23:00";

    public bool Has(string day) => _days.Contains(day);

    /// <summary>Picks a day, or unpicks it when it was picked.</summary>
    public void Toggle(string day)
    {
        if (!_days.Remove(day))
        {
            _days.Add(day);
        }
    }

    public static RuleScheduleFormModel Of(RuleScheduleDraft? draft)
    {
        var model = new RuleScheduleFormModel { AlwaysOn = draft is null };
        if (draft is null)
        {
            // A schedule switched on starts from weekday evenings, a common case, for the user to change.
            model._days.UnionWith(["mon", "tue", "wed", "thu", "fri"]);
            return model;
        }

        model._days.UnionWith(draft.Days ?? []);
        model.From = draft.From ?? "";
        model.To = draft.To ?? "";
        return model;
    }

    /// <summary>The schedule as the API takes it; null when always on.</summary>
    public RuleScheduleDraft? ToDraft() => AlwaysOn ? null : new() { Days = [.. Days], From = From, To = To };
}
