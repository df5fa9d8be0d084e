using PortFwd.Acme.Protocol;

namespace PortFwd.Acme.Tests.Protocol;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" 0 ", 0)]
    [InlineData("Tue, 01 Dec 2026 12:01:30 GMT", 90)]
    [InlineData("Tue, 01 Dec 2026 11:59:00 GMT", 0)]
    public void Retry_after_is_read_as_seconds_or_as_an_HTTP_date(string value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(value, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("2026-12-01T12:01:30Z")]
    public void A_retry_after_that_is_missing_or_not_understood_gives_none(string? value)
    {
        Assert.Null(RetryAfter.Parse(value, Now));
    }
}
