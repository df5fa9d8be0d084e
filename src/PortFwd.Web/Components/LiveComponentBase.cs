using Microsoft.AspNetCore.Components;
using PortFwd.Web.Hosting;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components;

/// <summary>
/// Base for components that follow live changes. Subscriptions end with the component, an error in a
/// refresh goes to the renderer (the panel's error UI) instead of vanishing on a thread-pool thread, and
/// <see cref="Aborted"/> cancels the component's own work when it is disposed (the user navigated away).
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _aborted = new();
    private readonly List<IDisposable> _subscriptions = [];

    /// <summary>The circuit's language: a refresh a background service starts renders in it too, not in the service's.</summary>
    [Inject]
    private PanelLanguage Language { get; set; } = default!;

    /// <summary>Cancelled when the component is disposed; pass it to every call the component waits on.</summary>
    protected CancellationToken Aborted => _aborted.Token;

    /// <summary>False while the page is prerendered and its circuit is not connected: controls must not look clickable.</summary>
    protected bool IsInteractive => RendererInfo.IsInteractive;

    /// <summary>Re-renders after <paramref name="feed"/> reports a change, running <paramref name="refresh"/> first when given.</summary>
    protected void Follow(ChangeFeed feed, TimeSpan throttle = default, Func<Task>? refresh = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (_aborted.IsCancellationRequested)
        {
            // Disposed while it was still initializing (an await before Follow): a subscription now would never end.
            return;
        }

        _subscriptions.Add(feed.Subscribe(() => RefreshAsync(refresh), throttle));
    }

    private Task RefreshAsync(Func<Task>? refresh) => InvokeAsync(async () =>
    {
        if (_aborted.IsCancellationRequested)
        {
            return;
        }

        Language.Apply();
        try
        {
            if (refresh is not null)
            {
                await refresh();
            }

            StateHasChanged();
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            // The page went away while it refreshed: nothing to show, nothing wrong.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || _aborted.IsCancellationRequested)
        {
            return;
        }

        _aborted.Cancel();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
    }
}
