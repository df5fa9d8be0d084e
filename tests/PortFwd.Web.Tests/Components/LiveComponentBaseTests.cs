using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Components;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.Components;

/// <summary>The base of live pages: a refresh error reaches the renderer's error UI, and a disposed page does no more work.</summary>
public sealed class LiveComponentBaseTests : MudTestContext
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    public LiveComponentBaseTests() => RenderAsLive();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IRenderedComponent<ErrorBoundary> RenderInErrorBoundary(ChangeFeed feed, Func<Task> refresh, TimeSpan throttle = default) =>
        Render<ErrorBoundary>(p => p
            .Add(b => b.ChildContent, (RenderFragment)(builder =>
            {
                builder.OpenComponent<FollowingProbe>(0);
                builder.AddComponentParameter(1, nameof(FollowingProbe.Feed), feed);
                builder.AddComponentParameter(2, nameof(FollowingProbe.Refresh), refresh);
                builder.AddComponentParameter(3, nameof(FollowingProbe.Throttle), throttle);
                builder.CloseComponent();
            }))
            .Add(b => b.ErrorContent, (RenderFragment<Exception>)(ex => builder => builder.AddMarkupContent(0, $"<p id=\"error\">{ex.Message}</p>"))));

    [Fact]
    public void A_change_runs_the_refresh_and_renders_again()
    {
        var feed = new ChangeFeed();
        var refreshes = 0;
        var cut = RenderInErrorBoundary(feed, () =>
        {
            refreshes++;
            return Task.CompletedTask;
        });
        Assert.Equal("1", cut.Find("#renders").TextContent);

        feed.Notify();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("#renders").TextContent), Within);
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public void A_refresh_that_throws_reaches_the_renderers_error_handling_and_the_error_boundary_shows_it()
    {
        var feed = new ChangeFeed();
        var cut = RenderInErrorBoundary(feed, () => throw new InvalidOperationException("The rules could not be read."));
        Assert.Empty(cut.FindAll("#error"));

        feed.Notify();

        cut.WaitForAssertion(() => Assert.Equal("The rules could not be read.", cut.Find("#error").TextContent), Within);
        Assert.Empty(cut.FindAll("#renders"));
    }

    [Fact]
    public void A_refresh_that_fails_after_an_await_reaches_the_error_boundary_too()
    {
        var feed = new ChangeFeed();
        var cut = RenderInErrorBoundary(feed, async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("The router did not answer.");
        });

        feed.Notify();

        cut.WaitForAssertion(() => Assert.Equal("The router did not answer.", cut.Find("#error").TextContent), Within);
    }

    [Fact]
    public async Task After_dispose_no_refresh_runs_the_subscription_is_gone_and_Aborted_is_cancelled()
    {
        var clock = new FakeTimeProvider();
        var feed = new ChangeFeed(clock);
        var refreshes = 0;
        var cut = Render<FollowingProbe>(p => p
            .Add(x => x.Feed, feed)
            .Add(x => x.Throttle, TimeSpan.FromSeconds(1))
            .Add(x => x.Refresh, () =>
            {
                Interlocked.Increment(ref refreshes);
                return Task.CompletedTask;
            }));
        var probe = cut.Instance;
        Assert.Equal(1, feed.SubscriberCount);

        feed.Notify();
        cut.WaitForAssertion(() => Assert.Equal(1, Volatile.Read(ref refreshes)), Within);
        feed.Notify(); // held back by the throttle when the page goes away

        await DisposeComponentsAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        feed.Notify();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, feed.SubscriberCount);
        Assert.True(probe.AbortedToken.IsCancellationRequested);
        await Renderer.Dispatcher.InvokeAsync(() => { }).WaitAsync(Within, Ct);
        Assert.Equal(1, Volatile.Read(ref refreshes));
    }

    [Fact]
    public async Task A_refresh_cancelled_because_the_page_went_away_is_not_an_error()
    {
        var feed = new ChangeFeed();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FollowingProbe? probe = null;
        var cut = RenderInErrorBoundary(feed, async () =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, probe!.AbortedToken);
            }
            finally
            {
                ended.TrySetResult();
            }
        });
        probe = cut.FindComponent<FollowingProbe>().Instance;

        feed.Notify();
        await started.Task.WaitAsync(Within, Ct);
        await DisposeComponentsAsync();
        await ended.Task.WaitAsync(Within, Ct);

        await Renderer.Dispatcher.InvokeAsync(() => { }).WaitAsync(Within, Ct);
        Assert.False(Renderer.UnhandledException.IsCompleted, "a cancelled refresh was reported as an error");
    }

    [Fact]
    public async Task A_page_disposed_before_it_got_to_Follow_leaves_no_subscription_behind()
    {
        var feed = new ChangeFeed();
        var loading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var followed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Render<FollowingProbe>(p => p
            .Add(x => x.Feed, feed)
            .Add(x => x.BeforeFollow, () => loading.Task)
            .Add(x => x.AfterFollow, () => followed.SetResult()));

        // The user navigates away while the page still loads; its load then finishes and it calls Follow.
        await DisposeComponentsAsync();
        loading.SetResult();
        await followed.Task.WaitAsync(Within, Ct);

        Assert.Equal(0, feed.SubscriberCount);
    }

    /// <summary>A live component that follows one feed and shows how often it rendered.</summary>
    private sealed class FollowingProbe : LiveComponentBase
    {
        private int _renders;

        [Parameter, EditorRequired]
        public ChangeFeed Feed { get; set; } = default!;

        [Parameter]
        public Func<Task>? Refresh { get; set; }

        [Parameter]
        public TimeSpan Throttle { get; set; }

        public CancellationToken AbortedToken => Aborted;

        /// <summary>Work the component waits for before it follows the feed (loading its data, say).</summary>
        [Parameter]
        public Func<Task>? BeforeFollow { get; set; }

        [Parameter]
        public Action? AfterFollow { get; set; }

        protected override async Task OnInitializedAsync()
        {
            if (BeforeFollow is not null)
            {
                await BeforeFollow();
            }

            Follow(Feed, Throttle, Refresh);
            AfterFollow?.Invoke();
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            _renders++;
            builder.AddMarkupContent(0, $"<p id=\"renders\">{_renders}</p>");
        }
    }
}
