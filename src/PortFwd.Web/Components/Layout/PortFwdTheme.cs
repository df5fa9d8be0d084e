using MudBlazor;

namespace PortFwd.Web.Components.Layout;

/// <summary>A sober router-panel look: dark blue bar, light grey navigation, dense tables.</summary>
internal static class PortFwdTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#2e7d32",
            AppbarBackground = "#16324f",
            AppbarText = "#ffffff",
            DrawerBackground = "#f2f4f7",
            Background = "#fafbfc",
            TextPrimary = "#1d2530",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Liberation Sans", "DejaVu Sans", "Arial", "Helvetica", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "3px" },
    };
}
