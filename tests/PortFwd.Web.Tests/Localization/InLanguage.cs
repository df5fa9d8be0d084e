using System.Globalization;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>Runs a read or a render in one of the panel's languages, as a circuit in that language would, then puts the test's back.</summary>
internal static class InLanguage
{
    public static T Run<T>(string culture, Func<T> read)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = PanelCultures.Culture(culture);
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    public static T Spanish<T>(Func<T> read) => Run("es", read);
}
