using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace PortFwd.Web.Localization;

/// <summary>
/// The language of one circuit (or one request), taken when the circuit starts. The ambient culture is right for the
/// circuit's own work (its first render, the person's clicks) but not for renders a background service starts (a rule
/// applied, a status changed): those run under the service's culture. Components and their words read this instead.
/// </summary>
public sealed class PanelLanguage
{
    public CultureInfo Culture { get; } = CultureInfo.CurrentCulture;

    public CultureInfo UICulture { get; } = CultureInfo.CurrentUICulture;

    /// <summary>Runs the rest of the caller's async flow in this language (numbers, dates, MudBlazor's words).</summary>
    public void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UICulture;
    }
}

/// <summary>The resources of <typeparamref name="T"/> in the circuit's language, whichever thread renders.</summary>
internal sealed class PanelText<T>(PanelLanguage language) : IStringLocalizer<T>
{
    private static readonly ResourceManager Resources = new(typeof(T).FullName!, typeof(T).Assembly);

    public LocalizedString this[string name]
    {
        get
        {
            var value = Resources.GetString(name, language.UICulture);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(language.Culture, format.Value, arguments), format.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Resources.GetResourceSet(language.UICulture, createIfNotExists: true, tryParents: includeParentCultures)?
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => new LocalizedString((string)e.Key, e.Value as string ?? "", resourceNotFound: false)) ?? [];
}
