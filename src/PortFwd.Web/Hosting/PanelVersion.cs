namespace PortFwd.Web.Hosting;

/// <summary>The panel's version as people and the services it talks to see it (the System page, User-Agent headers).</summary>
internal static class PanelVersion
{
    public static string Text { get; } = typeof(PanelVersion).Assembly.GetName().Version?.ToString(3) ?? "dev";
}
