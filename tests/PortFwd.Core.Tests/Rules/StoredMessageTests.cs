using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Tests.Rules;

/// <summary>A coded message kept as columns comes back with its code and values, a message inside it too; anything else is its English.</summary>
public sealed class StoredMessageTests
{
    private static readonly MessageTemplate Reached = new("Test.Reached", "{0} could not be reached ({1}) after {2} tries.");
    private static readonly MessageTemplate Why = new("Test.Why", "the connection was refused");

    [Fact]
    public void A_message_with_a_message_inside_comes_back_with_both_codes_and_its_values_as_text()
    {
        var said = Reached.With("No-IP", Why.With(), 3);

        var back = StoredMessage.Read(said.Code, said.Text, StoredMessage.Arguments(said));

        Assert.Equal("[\"No-IP\",{\"code\":\"Test.Why\",\"text\":\"the connection was refused\",\"arguments\":[]},\"3\"]", StoredMessage.Arguments(said));
        Assert.Equal(Reached.With("No-IP", Why.With(), "3"), back);
        Assert.Equal(said.Text, back.Text);
    }

    [Theory]
    [InlineData("", "[\"x\"]")]
    [InlineData("Test.Reached", null)]
    [InlineData("Test.Reached", "not json")]
    [InlineData("Test.Reached", "{\"a\":1}")]
    [InlineData("Test.Reached", "[1]")]
    [InlineData("Test.Reached", "[{\"code\":\"Test.Why\"}]")]
    public void A_row_without_a_code_or_with_values_that_cannot_be_read_is_its_English(string code, string? arguments)
    {
        Assert.Equal(ValidationMessage.Plain("As it was written."), StoredMessage.Read(code, "As it was written.", arguments));
    }

    [Fact]
    public void A_message_without_a_code_keeps_no_values()
    {
        Assert.Null(StoredMessage.Arguments(ValidationMessage.Plain("Only English.")));
    }
}
