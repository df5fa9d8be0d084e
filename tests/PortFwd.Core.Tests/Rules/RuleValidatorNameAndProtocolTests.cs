using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorNameAndProtocolTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Missing_or_blank_name_is_refused_on_name(string? name)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Name = name));

        Drafts.AssertOnlyError(result, RuleFields.Name, "name");
    }

    [Fact]
    public void Name_of_65_characters_is_refused_and_the_message_gives_the_limit_and_the_length()
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Name = new string('n', 65)));

        Drafts.AssertOnlyError(result, RuleFields.Name, "64", "65");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void Name_of_up_to_64_characters_is_accepted(int length)
    {
        var name = new string('n', length);

        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.Name = name)));

        Assert.Equal(name, rule.Name);
    }

    [Theory]
    [InlineData("Web\nserver")]
    [InlineData("Web\r\nserver")]
    [InlineData("Web\tserver")]
    [InlineData("Web\u0007server")]
    [InlineData("Web\u0000server")]
    public void Name_with_control_characters_is_refused_on_name(string name)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Name = name));

        Drafts.AssertOnlyError(result, RuleFields.Name, "control characters");
    }

    [Theory]
    [InlineData("  Web server  ", "Web server")]
    [InlineData("Minecraft (Steve's PC)", "Minecraft (Steve's PC)")]
    [InlineData("Überwachungskamera", "Überwachungskamera")]
    public void Name_is_trimmed(string typed, string stored)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.Name = typed)));

        Assert.Equal(stored, rule.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_protocol_is_refused_on_protocol_listing_the_choices(string? protocol)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Protocol = protocol));

        Drafts.AssertOnlyError(result, RuleFields.Protocol, "TCP", "UDP", "TCP/UDP", "HTTP");
    }

    [Theory]
    [InlineData("sctp")]
    [InlineData("https")]
    [InlineData("tcp udp")]
    [InlineData("icmp")]
    public void Unknown_protocol_is_refused_on_protocol_naming_the_value(string protocol)
    {
        var result = RuleValidator.Validate(Drafts.With(d => d.Protocol = protocol));

        Drafts.AssertOnlyError(result, RuleFields.Protocol, $"\"{protocol}\"", "TCP, UDP, TCP/UDP or HTTP");
    }

    [Theory]
    [InlineData("tcp", Protocol.Tcp)]
    [InlineData("TCP", Protocol.Tcp)]
    [InlineData(" Tcp ", Protocol.Tcp)]
    [InlineData("udp", Protocol.Udp)]
    [InlineData("UDP", Protocol.Udp)]
    [InlineData("tcpudp", Protocol.TcpUdp)]
    [InlineData("TcpUdp", Protocol.TcpUdp)]
    [InlineData("TCP/UDP", Protocol.TcpUdp)]
    [InlineData("both", Protocol.TcpUdp)]
    [InlineData("http", Protocol.Http)]
    [InlineData("HTTP", Protocol.Http)]
    public void Known_protocols_are_accepted_in_any_case(string typed, Protocol expected)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.With(d => d.Protocol = typed)));

        Assert.Equal(expected, rule.Protocol);
    }
}
