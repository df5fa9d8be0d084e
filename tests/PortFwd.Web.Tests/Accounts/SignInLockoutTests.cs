using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Accounts.SignIn;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Tests.Accounts;

public sealed class SignInLockoutTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Owner = IPAddress.Parse("192.168.1.20");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private SignInLockout Lockout() => new(SignInLockoutPolicy.Default, _clock);

    [Fact]
    public void An_address_is_locked_after_ten_failures_and_another_address_is_not()
    {
        var lockout = Lockout();
        for (var i = 0; i < 9; i++)
        {
            lockout.RecordFailure(Attacker, "admin");
        }

        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Attacker, "admin"));
        lockout.RecordFailure(Attacker, "admin");

        Assert.Equal(TimeSpan.FromMinutes(5), lockout.RemainingLock(Attacker, "admin"));
        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Owner, "admin"));
    }

    [Fact]
    public void A_lock_ends_after_its_time_and_the_next_lasts_twice_as_long()
    {
        var lockout = Lockout();
        Fail(lockout, Attacker, "admin", 10);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromMinutes(1), lockout.RemainingLock(Attacker, "admin"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Attacker, "admin"));

        Fail(lockout, Attacker, "admin", 10);

        Assert.Equal(TimeSpan.FromMinutes(10), lockout.RemainingLock(Attacker, "admin"));
    }

    [Fact]
    public void Failures_spread_over_many_addresses_lock_the_account()
    {
        var lockout = Lockout();
        for (var i = 1; i <= 50; i++)
        {
            lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i}"), "admin");
        }

        Assert.Equal(TimeSpan.FromMinutes(5), lockout.RemainingLock(Owner, "ADMIN"));
        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Owner, "someone-else"));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten_and_a_success_clears_the_count()
    {
        var lockout = Lockout();
        Fail(lockout, Attacker, "admin", 9);
        _clock.Advance(TimeSpan.FromMinutes(16));
        Fail(lockout, Attacker, "admin", 9);
        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Attacker, "admin"));

        lockout.RecordSuccess(Attacker, "admin");
        Fail(lockout, Attacker, "admin", 9);

        Assert.Equal(TimeSpan.Zero, lockout.RemainingLock(Attacker, "admin"));
    }

    [Theory]
    [InlineData(240, "Too many failed sign-ins. Try again in 4 minutes.")]
    [InlineData(61, "Too many failed sign-ins. Try again in 2 minutes.")]
    [InlineData(60, "Too many failed sign-ins. Try again in 1 minute.")]
    [InlineData(30, "Too many failed sign-ins. Try again in 30 seconds.")]
    [InlineData(0.2, "Too many failed sign-ins. Try again in 1 second.")]
    public void The_wait_is_said_in_plain_words_rounded_up(double seconds, string expected)
    {
        Assert.Equal(expected, WaitText.TooManyFailures(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_pending_sign_in_ticket_names_its_account_and_stamp_and_expires_after_five_minutes()
    {
        var tickets = new PendingSignIns(new EphemeralDataProtectionProvider(), _clock);
        var ticket = tickets.Issue(7, "stamp-1");

        Assert.Equal((7, "stamp-1"), tickets.Read(ticket));
        Assert.Null(tickets.Read(ticket[..^2] + "xx"));
        Assert.Null(tickets.Read("not-a-ticket"));
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Null(tickets.Read(ticket));
    }

    [Fact]
    public void A_protected_secret_reads_back_only_under_the_same_keys()
    {
        var provider = new EphemeralDataProtectionProvider();
        var secret = TotpCodes.NewSecret();
        var stored = new TwoFactorSecrets(provider).Protect(secret);

        Assert.DoesNotContain(Convert.ToBase64String(secret), stored, StringComparison.Ordinal);
        Assert.Equal(secret, new TwoFactorSecrets(provider).Unprotect(stored));
        Assert.Null(new TwoFactorSecrets(new EphemeralDataProtectionProvider()).Unprotect(stored));
    }

    private static void Fail(SignInLockout lockout, IPAddress address, string user, int times)
    {
        for (var i = 0; i < times; i++)
        {
            lockout.RecordFailure(address, user);
        }
    }
}
