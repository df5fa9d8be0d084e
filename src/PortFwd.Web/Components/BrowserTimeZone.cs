using Microsoft.JSInterop;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Components;

/// <summary>
/// The time zone of the browser on the other end of this circuit (registered scoped: one per circuit), so
/// times are shown as the person reading them lives them, not in the server's zone. The browser is asked
/// once, after the first interactive render; until it answers (and on the prerendered page) times are UTC.
/// </summary>
/// <remarks>
/// The layout asks for the zone after its first interactive render. A component that shows times injects it,
/// shows <see cref="ToLocal"/> of each time, and follows <see cref="Updates"/> (the zone becoming known) to
/// render again; one that renders before the layout, or alone (a test), may call <see cref="LoadAsync"/> itself.
/// </remarks>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task? _loading;

    /// <summary>The browser's zone; UTC until it is known.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Notified once, when the browser told its zone.</summary>
    public ChangeFeed Updates { get; } = new();

    /// <summary>True once the browser told its zone.</summary>
    public bool IsKnown { get; private set; }

    /// <summary>The browser's local time of <paramref name="utc"/> (UTC while the zone is not known).</summary>
    public DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>A time as the panel's tables show it: <c>2026-11-30 18:05:09</c> in the browser's zone; empty for none.</summary>
    public string Format(DateTimeOffset? at, string format = "yyyy-MM-dd HH:mm:ss") =>
        at is { } value ? ToLocal(value).ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// Asks the browser for its zone, once per circuit (later calls share the first answer). True when the zone
    /// became known during this call: what the caller rendered before showed UTC and should render again.
    /// </summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (IsKnown)
        {
            return false;
        }

        _loading ??= AskAsync();
        await _loading.WaitAsync(cancellationToken);
        return IsKnown;
    }

    private async Task AskAsync()
    {
        try
        {
            await using var format = await js.InvokeConstructorAsync("Intl.DateTimeFormat");
            var options = await format.InvokeAsync<ResolvedOptions>("resolvedOptions");
            if (options?.TimeZone is { Length: > 0 } name && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
            {
                Set(zone);
                return;
            }

            // A zone this server does not know by name: the browser's offset now is the next best thing.
            await using var date = await js.InvokeConstructorAsync("Date");
            var minutesBehindUtc = await date.InvokeAsync<int>("getTimezoneOffset");
            var offset = TimeSpan.FromMinutes(-minutesBehindUtc);
            Set(TimeZoneInfo.CreateCustomTimeZone("browser", offset, "Browser", "Browser"));
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // The browser could not say (or went away): times stay in UTC, which is still correct, only less handy.
        }
    }

    private void Set(TimeZoneInfo zone)
    {
        Zone = zone;
        IsKnown = true;
        Updates.Notify();
    }

    /// <summary>The part of <c>Intl.DateTimeFormat().resolvedOptions()</c> the panel reads: the IANA zone, e.g. "Europe/Berlin".</summary>
    public sealed record ResolvedOptions(string? TimeZone);
}
