using Microsoft.Extensions.Localization;
using MudBlazor;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Localization;

/// <summary>
/// MudBlazor's own words (the table pager, "Close", "Required"…) in the panel's language. MudBlazor asks this only
/// when the page is not English; a key we have not translated reads "not found", and MudBlazor shows its English.
/// </summary>
internal sealed class PanelMudLocalizer(IStringLocalizer<MudTexts> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}
