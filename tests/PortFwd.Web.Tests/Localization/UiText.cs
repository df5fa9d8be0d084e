using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Web.Resources;

namespace PortFwd.Web.Tests.Localization;

/// <summary>The panel's resources as the app reads them (the current UI culture picks the language; English by default).</summary>
internal static class UiText
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    public static IStringLocalizer<Ui> Ui { get; } = new StringLocalizer<Ui>(Factory);

    public static IStringLocalizer<MudTexts> Mud { get; } = new StringLocalizer<MudTexts>(Factory);
}
