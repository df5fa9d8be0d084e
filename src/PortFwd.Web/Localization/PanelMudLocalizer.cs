using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Localization;

/// <summary>
/// MudBlazor's own words (the table pager, "Close", "Required"…) in the panel's language. MudBlazor asks this only
/// when the page is not English; a key we have not translated reads "not found", and MudBlazor shows its English.
/// </summary>
internal sealed class PanelMudLocalizer : MudLocalizer
{
    private static readonly ResourceManager Texts = new(typeof(MudTexts).FullName!, typeof(MudTexts).Assembly);

    public override LocalizedString this[string key]
    {
        get
        {
            var value = Texts.GetString(key, CultureInfo.CurrentUICulture);
            return new LocalizedString(key, value ?? key, resourceNotFound: value is null);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var format = this[key];
            return new LocalizedString(key, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound);
        }
    }
}
