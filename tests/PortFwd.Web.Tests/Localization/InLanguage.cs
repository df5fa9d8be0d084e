using System.Globalization;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>Runs a read or a render in one of the panel's languages, as a circuit in that language would, then puts the test's back.</summary>
internal static class InLanguage
{
    /// <summary>The panel's <paramref name="culture"/> (words, numbers, dates) on this thread until disposed.</summary>
    public static IDisposable Use(string culture)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = PanelCultures.Culture(culture);
        return new Restore(before);
    }

    public static T Run<T>(string culture, Func<T> read)
    {
        using (Use(culture))
        {
            return read();
        }
    }

    public static T Spanish<T>(Func<T> read) => Run("es", read);

    private sealed class Restore((CultureInfo Culture, CultureInfo UICulture) before) : IDisposable
    {
        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
    }
}
