using System.Text;

namespace PortFwd.Import.Tests;

/// <summary>
/// Any text gives a result, never an exception: random lines, binary junk, and texts over the size caps. Whatever it
/// says about a line has a code, so the panel can say it in its language.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<ImportFormat> Formats => [ImportFormat.Rinetd, ImportFormat.Frpc, ImportFormat.Iptables, ImportFormat.Nftables];

    /// <summary>Pieces of every format, so random lines get deep into each parser rather than failing on the first word.</summary>
    private static readonly string[] Pieces =
    [
        "0.0.0.0", "8080", "192.168.1.20", "80/udp", "allow", "deny", "10.*", "*", "?", "[::]", "[", "]", "{", "}", "{{", "}}",
        "[[proxies]]", "[proxies.plugin]", "name", "=", "\"", "'", "type", "tcp", "udp", "http", "localPort", "remotePort",
        "customDomains", "locations", "[\"a\",", "{{- range $_, $v := parseNumberRangePair \"1-3\" \"4-6\" }}", "{{ $v.First }}",
        "{{- end }}", "*nat", "COMMIT", "-A", "PREROUTING", "-p", "--dport", "1:65535", "-j", "DNAT", "--to-destination",
        "1.2.3.4:5-6/7", "-m", "multiport", "--dports", "!", "-s", "table", "ip", "nat", "chain", "prerouting", "type nat hook prerouting",
        "dnat", "to", "th", "dport", "meta", "l4proto", "redirect", ":", "saddr", "@set", "#", "\t", ",", "-", "0", "65536", "99999999999",
        "[range:x]", "local_port", "6000-6010", "role", "visitor", "unix:/tmp/s", "\\", "\\u12", "\"\"\"",
    ];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Random_lines_of_every_format_give_a_result_without_throwing(ImportFormat format)
    {
        var random = new Random(1515);
        for (var round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            var lines = random.Next(1, 40);
            for (var line = 0; line < lines; line++)
            {
                var words = random.Next(0, 12);
                for (var word = 0; word < words; word++)
                {
                    text.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(4) == 0 ? "" : " ");
                }

                text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
            }

            AssertSane(RuleImporter.Parse(format, text.ToString()), text.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Binary_junk_gives_problems_and_no_rules(ImportFormat format)
    {
        var random = new Random(42);
        for (var round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            var text = Encoding.Latin1.GetString(bytes);

            var result = RuleImporter.Parse(format, text);

            AssertSane(result, text);
            Assert.NotEmpty(result.Problems);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_sample_read_as_another_format_gives_a_result_without_throwing(ImportFormat format)
    {
        foreach (var file in SampleImportTests.Files)
        {
            var text = Samples.Read(file);
            AssertSane(RuleImporter.Parse(format, text), text);
        }
    }

    [Fact]
    public void A_text_over_one_MiB_is_refused_whole_with_one_problem()
    {
        var line = "0.0.0.0 8080 192.168.1.20 80\n";
        var text = string.Concat(Enumerable.Repeat(line, (RuleImporter.MaxChars / line.Length) + 1));

        var result = RuleImporter.Parse(ImportFormat.Rinetd, text);

        Assert.Empty(result.Rules);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(0, problem.Line);
        Assert.Contains("at most 1,048,576 (1 MiB)", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_over_ten_thousand_lines_is_refused_whole_with_one_problem()
    {
        var text = string.Concat(Enumerable.Repeat("#\n", RuleImporter.MaxLines + 1));

        var result = RuleImporter.Parse(ImportFormat.Nftables, text);

        Assert.Empty(result.Rules);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("The text has 10,001 lines; an import takes at most 10,000. Import the file in parts.", problem.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n\t\n")]
    public void An_empty_text_is_one_problem(string? text)
    {
        var result = RuleImporter.Parse(ImportFormat.Frpc, text);

        Assert.Empty(result.Rules);
        Assert.Equal("0: The text is empty; paste the contents of frpc.toml or frpc.ini.", Samples.Describe(Assert.Single(result.Problems)));
    }

    [Fact]
    public void A_text_with_no_forwards_says_so()
    {
        var result = RuleImporter.Parse(ImportFormat.Iptables, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");

        Assert.Empty(result.Rules);
        Assert.Equal("0: Found no port forwards in this text; is it iptables-save output?", Samples.Describe(Assert.Single(result.Problems)));
    }

    /// <summary>The panel says every problem and note in its language: each has a code of the import's, and the API's English is its text.</summary>
    private static void AssertCoded(PortFwd.Core.Rules.Validation.ValidationMessage? said, string english)
    {
        Assert.NotNull(said);
        Assert.Contains(ImportMessages.All, t => t.Code == said.Code);
        Assert.Equal(english, said.Text);
    }

    private static void AssertSane(ImportResult result, string text)
    {
        var lineCount = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Length;
        Assert.All(result.Problems, p =>
        {
            Assert.DoesNotContain(RuleImporter.InternalErrorPrefix, p.Reason, StringComparison.Ordinal);
            Assert.InRange(p.Line, 0, lineCount);
            Assert.True(p.Text.Length <= 201, "shown lines are shortened");
            AssertCoded(p.Said, p.Reason);
        });
        Assert.All(result.Notes, n => AssertCoded(n.Said, n.Note));
        Assert.All(result.Rules, r => Assert.InRange(r.Line, 1, lineCount));
        Assert.False(result.Rules.Count == 0 && result.Problems.Count == 0, "a text without rules says why");
    }
}
