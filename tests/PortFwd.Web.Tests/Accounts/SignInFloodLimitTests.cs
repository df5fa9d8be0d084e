using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Accounts.SignIn;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>The flood guard in front of sign-in posts: twenty a minute per address, with no timer of its own.</summary>
public sealed class SignInFloodLimitTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Twenty_attempts_a_minute_pass_and_the_next_waits_for_the_end_of_the_window()
    {
        var limit = new SignInFloodLimit(_clock);
        for (var i = 0; i < SignInFloodLimit.PermitLimit; i++)
        {
            Assert.Null(limit.TryAcquire("203.0.113.7"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(TimeSpan.FromSeconds(40), limit.TryAcquire("203.0.113.7"));
        Assert.Null(limit.TryAcquire("192.168.1.20"));

        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limit.TryAcquire("203.0.113.7"));
    }

    [Fact]
    public void A_refused_attempt_does_not_lengthen_the_wait()
    {
        var limit = new SignInFloodLimit(_clock);
        for (var i = 0; i < SignInFloodLimit.PermitLimit; i++)
        {
            limit.TryAcquire("203.0.113.7");
        }

        for (var i = 0; i < 59; i++)
        {
            Assert.NotNull(limit.TryAcquire("203.0.113.7"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), limit.TryAcquire("203.0.113.7"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limit.TryAcquire("203.0.113.7"));
    }

    [Fact]
    public void Addresses_whose_window_ended_are_dropped_as_the_table_grows()
    {
        var limit = new SignInFloodLimit(_clock);
        for (var i = 0; i < 5000; i++)
        {
            limit.TryAcquire($"2001:db8::{i:x}");
        }

        var duringFlood = limit.Tracked;
        _clock.Advance(SignInFloodLimit.Window);
        for (var i = 0; i < 2000; i++)
        {
            limit.TryAcquire($"2001:db8:1::{i:x}");
        }

        // The 5,000 of the first minute are gone; only this minute's addresses are held.
        Assert.Equal(5000, duringFlood);
        Assert.Equal(2000, limit.Tracked);
    }
}
