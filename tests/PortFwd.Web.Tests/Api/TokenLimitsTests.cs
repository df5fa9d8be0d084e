using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace PortFwd.Web.Tests.Api;

/// <summary>Bearer tokens end, and password guessing is slowed down.</summary>
public sealed class TokenLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_stops_working_after_thirty_days()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new PanelFactory { Clock = clock };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));

        clock.Advance(TimeSpan.FromDays(29));
        using var stillValid = await api.GetAsync("/api/rules", Ct);
        clock.Advance(TimeSpan.FromDays(1.01));
        using var expired = await api.GetAsync("/api/rules", Ct);

        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_passwords_lock_sign_in_and_more_than_twenty_attempts_a_minute_are_refused_with_429()
    {
        await using var factory = new PanelFactory();
        using var client = factory.AnonymousClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 21; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/tokens", new { name = "test " + Guid.NewGuid().ToString("N"), username = "admin", password = $"guess-{i}" }, Ct);
            statuses.Add(response.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/tokens",
            new { name = "test " + Guid.NewGuid().ToString("N"), username = PanelFactory.AdminUser, password = PanelFactory.AdminPassword }, Ct);

        // The lockout (Accounts/SignIn/SignInLockout) after ten failures, then the rate limiter after twenty attempts.
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
