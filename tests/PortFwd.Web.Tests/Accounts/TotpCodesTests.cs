using System.Text;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Tests.Accounts;

public sealed class TotpCodesTests
{
    private static readonly byte[] Rfc6238Sha1Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238, Appendix B: the SHA-1 rows (8 digits, 30-second steps).
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string expected)
    {
        Assert.Equal(expected, TotpCodes.Compute(Rfc6238Sha1Secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_digits_of_the_RFC_codes()
    {
        Assert.Equal("287082", TotpCodes.Compute(Rfc6238Sha1Secret, DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [Fact]
    public void The_current_code_and_those_one_step_early_or_late_are_accepted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_015));
        var secret = TotpCodes.NewSecret();
        var now = clock.GetUtcNow();
        var step = now.ToUnixTimeSeconds() / TotpCodes.StepSeconds;

        Assert.Equal(step, TotpCodes.Match(secret, TotpCodes.Compute(secret, now), now, null));
        Assert.Equal(step - 1, TotpCodes.Match(secret, TotpCodes.Compute(secret, now.AddSeconds(-30)), now, null));
        Assert.Equal(step + 1, TotpCodes.Match(secret, TotpCodes.Compute(secret, now.AddSeconds(30)), now, null));
    }

    [Fact]
    public void Codes_two_steps_away_are_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var secret = TotpCodes.NewSecret();

        Assert.Null(TotpCodes.Match(secret, TotpCodes.Compute(secret, now.AddSeconds(-60)), now, null));
        Assert.Null(TotpCodes.Match(secret, TotpCodes.Compute(secret, now.AddSeconds(60)), now, null));
    }

    [Fact]
    public void A_code_is_refused_the_second_time_and_so_is_an_older_one_after_a_newer_was_used()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_015));
        var secret = TotpCodes.NewSecret();
        var code = TotpCodes.Compute(secret, clock.GetUtcNow());
        var used = TotpCodes.Match(secret, code, clock.GetUtcNow(), null);
        Assert.NotNull(used);

        Assert.Null(TotpCodes.Match(secret, code, clock.GetUtcNow(), used));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(TotpCodes.Match(secret, code, clock.GetUtcNow(), used));
        var earlier = TotpCodes.Compute(secret, clock.GetUtcNow().AddSeconds(-30));
        Assert.Null(TotpCodes.Match(secret, earlier, clock.GetUtcNow(), used));
        Assert.Equal(used + 1, TotpCodes.Match(secret, TotpCodes.Compute(secret, clock.GetUtcNow()), clock.GetUtcNow(), used));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    public void Text_that_is_not_six_digits_is_refused(string? code)
    {
        Assert.Null(TotpCodes.Match(TotpCodes.NewSecret(), code, DateTimeOffset.UtcNow, null));
    }

    [Fact]
    public void The_manual_key_is_the_secret_in_Base32_groups_of_four_and_the_QR_address_names_the_issuer()
    {
        Assert.Equal("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", TotpCodes.ManualKey(Rfc6238Sha1Secret));
        Assert.Equal("otpauth://totp/PortFwd:admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=PortFwd&algorithm=SHA1&digits=6&period=30",
            TotpCodes.EnrolmentUri(Rfc6238Sha1Secret, "PortFwd", "admin"));
    }

    [Fact]
    public void The_QR_code_is_a_PNG_data_uri()
    {
        var uri = QrCodeImage.DataUri("otpauth://totp/PortFwd:admin?secret=GEZDGNBV");

        Assert.StartsWith("data:image/png;base64,", uri, StringComparison.Ordinal);
        var png = Convert.FromBase64String(uri["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}
