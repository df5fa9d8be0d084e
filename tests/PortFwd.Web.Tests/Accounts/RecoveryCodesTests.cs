using PortFwd.Web.Accounts.TwoFactor;

namespace PortFwd.Web.Tests.Accounts;

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Ten_different_codes_are_made_and_only_their_hashes_are_stored()
    {
        var codes = RecoveryCodes.Generate();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code));
        var stored = RecoveryCodes.Store(codes);
        Assert.Equal(10, RecoveryCodes.Remaining(stored));
        Assert.All(codes, code => Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_code_works_once_whatever_its_case_and_dashes()
    {
        var codes = RecoveryCodes.Generate();
        var stored = RecoveryCodes.Store(codes);

        Assert.True(RecoveryCodes.TryUse(stored, codes[3].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), out var remaining));
        Assert.Equal(9, RecoveryCodes.Remaining(remaining));
        Assert.False(RecoveryCodes.TryUse(remaining, codes[3], out _));
        Assert.True(RecoveryCodes.TryUse(remaining, codes[4], out var fewer));
        Assert.Equal(8, RecoveryCodes.Remaining(fewer));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123456")]
    [InlineData("AAAA-AAAA-AAAA-AAAA")]
    public void Other_text_is_not_a_code(string? code)
    {
        var stored = RecoveryCodes.Store(RecoveryCodes.Generate());

        Assert.False(RecoveryCodes.TryUse(stored, code, out var remaining));
        Assert.Equal(stored, remaining);
    }
}
