using Microsoft.Extensions.Primitives;
using PortFwd.Data.Settings;

namespace PortFwd.Web.Settings;

/// <summary>
/// The settings saved on the panel as a configuration source, added last so they override appsettings.json, the
/// environment and the command line. <see cref="PanelSettings"/> reloads it after each save, and every
/// <c>IOptionsMonitor</c> reading a changed key sees the new value.
/// </summary>
internal sealed class PanelSettingsSource(string dataDirectory) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new PanelSettingsProvider(() => PanelSettingStore.ReadAll(dataDirectory), SettingFields.ListKeys);
}

/// <summary>
/// Serves the saved keys. A list saved on the panel replaces the list from the other sources as a whole: the
/// items below it that other sources have are hidden (configuration otherwise merges lists item by item).
/// </summary>
internal sealed class PanelSettingsProvider(Func<IReadOnlyDictionary<string, string>> read, IReadOnlySet<string> listKeys) : ConfigurationProvider
{
    /// <summary>The saved keys and values as loaded last.</summary>
    public IReadOnlyDictionary<string, string?> Saved => (IReadOnlyDictionary<string, string?>)Data;

    public override void Load() => Data = new Dictionary<string, string?>(read().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the saved values again and tells whoever follows the configuration.</summary>
    public void Reload()
    {
        Load();
        OnReload();
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        if (parentPath is not null && listKeys.Contains(parentPath) && SavesList(parentPath))
        {
            return base.GetChildKeys([], parentPath);
        }

        return base.GetChildKeys(earlierKeys, parentPath);
    }

    private bool SavesList(string key)
    {
        var beneath = key + ConfigurationPath.KeyDelimiter;
        return Data.ContainsKey(key) || Data.Keys.Any(k => k.StartsWith(beneath, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// The configuration as it would be without the panel's layer, or with another one in its place: the other sources'
/// providers as they are loaded now (read through, never loaded again), under an optional panel layer.
/// </summary>
internal static class ConfigurationLayers
{
    /// <summary>Every source but the panel's.</summary>
    public static ConfigurationRoot WithoutPanel(IConfigurationRoot live) => Compose(live, panel: null);

    /// <summary>Every source but the panel's, then <paramref name="panel"/> over them.</summary>
    public static ConfigurationRoot WithPanel(IConfigurationRoot live, IReadOnlyDictionary<string, string> panel) =>
        Compose(live, new PanelSettingsProvider(() => panel, SettingFields.ListKeys));

    private static ConfigurationRoot Compose(IConfigurationRoot live, PanelSettingsProvider? panel)
    {
        ArgumentNullException.ThrowIfNull(live);
        List<IConfigurationProvider> providers = [.. live.Providers.Where(p => p is not PanelSettingsProvider).Select(p => new ReadThrough(p))];
        if (panel is not null)
        {
            providers.Add(panel);
        }

        return new ConfigurationRoot(providers);
    }

    /// <summary>A loaded provider as it is: loading it again (the root does on creation) does nothing, and it never signals a reload.</summary>
    private sealed class ReadThrough(IConfigurationProvider inner) : IConfigurationProvider
    {
        public bool TryGet(string key, out string? value) => inner.TryGet(key, out value);

        public void Set(string key, string? value)
        {
        }

        public IChangeToken GetReloadToken() => NeverChanges.Instance;

        public void Load()
        {
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) => inner.GetChildKeys(earlierKeys, parentPath);
    }

    private sealed class NeverChanges : IChangeToken
    {
        public static NeverChanges Instance { get; } = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => EmptyDisposable.Instance;
    }

    private sealed class EmptyDisposable : IDisposable
    {
        public static EmptyDisposable Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
