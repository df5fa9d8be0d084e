using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace PortFwd.Web.Localization;

/// <summary>
/// The panel's languages: English (the default) and Spanish. A page follows the browser's Accept-Language until the
/// person picks a language in the header; the pick is kept in the standard culture cookie. The API is left out: its
/// messages and formats stay English for scripts, whatever the caller's browser says.
/// </summary>
public static class PanelCultures
{
    public const string Default = "en";

    /// <summary>The languages a person can pick, in the order the header lists them.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Default, "es"];

    /// <summary>The endpoint the header's language links go to; it sets the cookie and sends the browser back.</summary>
    public const string SwitchPath = "/culture";

    public static IServiceCollection AddPortFwdLocalization(this IServiceCollection services)
    {
        // No ResourcesPath: the marker classes live in PortFwd.Web.Resources, next to their .resx files.
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(Culture).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The cookie first (the person's pick), then the browser; no query string: a link must not change the language.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new BrowserLanguageProvider()];
        });
        // Per circuit: its language is taken when it starts, and its words follow it on every render.
        services.AddScoped<PanelLanguage>();
        services.AddScoped<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Ui>, PanelText<Resources.Ui>>();
        // MudBlazor's own words (pager, close buttons, "Required") from our resources when the page is not English.
        services.AddTransient<MudLocalizer, PanelMudLocalizer>();
        return services;
    }

    /// <summary>Every request but the API's runs in the person's language (pages and the circuit's connection alike).</summary>
    public static IApplicationBuilder UsePanelLocalization(this IApplicationBuilder app) =>
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseRequestLocalization());

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        // A GET link, so it works on the sign-in page and before the circuit is connected; a Blazor Server page has to
        // reload anyway to change its culture. It only sets a preference cookie, so no sign-in is asked for.
        app.MapGet(SwitchPath, Switch).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The href of the link that switches to <paramref name="culture"/> and comes back to <paramref name="returnPath"/>.</summary>
    public static string SwitchLink(string culture, string returnPath) =>
        $"{SwitchPath.TrimStart('/')}?lang={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(returnPath)}";

    /// <summary>The short name a language goes by in the header, in its own language.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "es" => "Español",
        _ => "English",
    };

    /// <summary>The language the current request or circuit runs in, as one of <see cref="Supported"/>.</summary>
    public static string Current => CultureInfo.CurrentUICulture.Name.Split('-')[0] is var name && Supported.Contains(name) ? name : Default;

    /// <summary>
    /// The culture for one of <see cref="Supported"/>, with its number and date formats. The runtime carries no
    /// culture data (InvariantGlobalization keeps ICU out of the process, the relay's and the install's needs), so a
    /// culture is named here and given its formats by hand: English keeps the invariant ones (1,234.5 · 12/31/2026),
    /// Spanish gets Spain's (1.234,5 · 31/12/2026 · 18:05, day and month names).
    /// </summary>
    public static CultureInfo Culture(string name) => name switch
    {
        "es" => Spanish.Value,
        _ => English.Value,
    };

    private static readonly Lazy<CultureInfo> English = new(() => CultureInfo.ReadOnly(new CultureInfo(Default)));

    private static readonly Lazy<CultureInfo> Spanish = new(() =>
    {
        var es = new CultureInfo("es");
        var numbers = es.NumberFormat;
        (numbers.NumberDecimalSeparator, numbers.NumberGroupSeparator) = (",", ".");
        (numbers.PercentDecimalSeparator, numbers.PercentGroupSeparator) = (",", ".");
        (numbers.CurrencyDecimalSeparator, numbers.CurrencyGroupSeparator, numbers.CurrencySymbol) = (",", ".", "€");
        var dates = es.DateTimeFormat;
        dates.DayNames = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];
        dates.AbbreviatedDayNames = ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"];
        dates.ShortestDayNames = ["D", "L", "M", "X", "J", "V", "S"];
        string[] months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", ""];
        dates.MonthNames = dates.MonthGenitiveNames = months;
        string[] shortMonths = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic", ""];
        dates.AbbreviatedMonthNames = dates.AbbreviatedMonthGenitiveNames = shortMonths;
        dates.FirstDayOfWeek = DayOfWeek.Monday;
        (dates.AMDesignator, dates.PMDesignator) = ("a. m.", "p. m.");
        dates.ShortDatePattern = "dd/MM/yyyy";
        dates.LongDatePattern = "dddd, d 'de' MMMM 'de' yyyy";
        dates.ShortTimePattern = "H:mm";
        dates.LongTimePattern = "H:mm:ss";
        dates.FullDateTimePattern = "dddd, d 'de' MMMM 'de' yyyy H:mm:ss";
        dates.MonthDayPattern = "d 'de' MMMM";
        dates.YearMonthPattern = "MMMM 'de' yyyy";
        return CultureInfo.ReadOnly(es);
    });

    /// <summary>
    /// The browser's languages in its order of preference, by language alone: "es-ES" and "es-MX" both mean Spanish.
    /// (The framework's own fallback to a parent culture needs culture data the invariant runtime does not have.)
    /// </summary>
    internal sealed class BrowserLanguageProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var wanted = httpContext.Request.GetTypedHeaders().AcceptLanguage
                .Where(l => l.Quality is null or > 0)
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
                .FirstOrDefault(l => l is not null && Supported.Contains(l, StringComparer.Ordinal));
            return Task.FromResult(wanted is null ? null : new ProviderCultureResult(wanted));
        }
    }

    internal static IResult Switch(HttpContext context, string? lang, string? returnUrl)
    {
        if (lang is null || !Supported.Contains(lang, StringComparer.Ordinal))
        {
            return TypedResults.BadRequest($"Unknown language; choose one of: {string.Join(", ", Supported)}.");
        }

        var culture = new RequestCulture(lang);
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(culture),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
        return TypedResults.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>Only a path on this panel: never another site ("//host", "/\host", "https://…").</summary>
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
