using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Tests;

/// <summary>
/// The text a new rule keeps (its description, the name rinetd, iptables and nft rules and an unnamed frp proxy get) has a
/// code, and whoever imports writes it in its own language; without a writer it is the English the API has always given.
/// </summary>
public class RuleTextTests
{
    /// <summary>A writer that shows what it was given: the code, with its values (a message inside written the same way).</summary>
    private static string Coded(ValidationMessage message) =>
        message.Code + "(" + string.Join(" ", message.Arguments.Select(a => a is ValidationMessage inner ? Coded(inner) : $"{a}")) + ")";

    [Theory]
    [InlineData(ImportFormat.Rinetd, "0.0.0.0 8080 192.168.1.20 80\n",
        "Import.ImportedFrom(rinetd.conf 1)", "Imported from rinetd.conf line 1")]
    [InlineData(ImportFormat.Iptables, "*nat\n-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.20:80\nCOMMIT\n",
        "Import.ImportedFrom(iptables-save 2)", "Imported from iptables-save line 2")]
    [InlineData(ImportFormat.Iptables, "*nat\n-A PREROUTING -p tcp --dport 8080 -m comment --comment \"web server\" -j DNAT --to-destination 192.168.1.20:80\nCOMMIT\n",
        "Import.CommentFrom(web server iptables-save 2)", "web server (iptables-save line 2)")]
    [InlineData(ImportFormat.Frpc, "[[proxies]]\nname = \"ssh\"\ntype = \"tcp\"\nlocalPort = 22\nremotePort = 6022\n",
        "Import.ImportedFrom(frpc.toml 1)", "Imported from frpc.toml line 1")]
    [InlineData(ImportFormat.Frpc, "[[proxies]]\nname = \"web\"\ntype = \"http\"\nlocalPort = 8080\ncustomDomains = [\"www.example.com\"]\n",
        "Import.FrpHttpPortAssumed(Import.ImportedFrom(frpc.toml 1) 80)",
        "Imported from frpc.toml line 1; frps's vhostHTTPPort is not in frpc's file, so it answers on port 80")]
    public void A_new_rules_description_is_written_by_whoever_imports_and_is_English_without_a_writer(ImportFormat format, string text, string coded, string english)
    {
        var written = Assert.Single(RuleImporter.Parse(format, text, Coded).Rules);
        var plain = Assert.Single(RuleImporter.Parse(format, text).Rules);

        Assert.Equal(coded, written.Draft.Description);
        Assert.Equal(english, plain.Draft.Description);
    }

    [Fact]
    public void An_unnamed_frp_proxy_is_called_by_its_line_in_the_writers_words_as_a_rule_and_in_a_problem()
    {
        const string Text = "[[proxies]]\ntype = \"tcp\"\nlocalPort = 22\nremotePort = 6022\n\n[[proxies]]\ntype = \"xtcp\"\nlocalPort = 23\n";

        var written = RuleImporter.Parse(ImportFormat.Frpc, Text, Coded);
        var plain = RuleImporter.Parse(ImportFormat.Frpc, Text);

        Assert.Equal("Import.FrpUnnamedProxy(1)", Assert.Single(written.Rules).Draft.Name);
        Assert.Equal("proxy on line 1", Assert.Single(plain.Rules).Draft.Name);
        var problem = Assert.Single(written.Problems);
        Assert.Equal(("Import.FrpNeedsVisitors", "Import.FrpUnnamedProxy(6)"), (problem.Said!.Code, problem.Said.Arguments[0]));
        Assert.Equal("\"proxy on line 6\": xtcp proxies need frps visitors; PortFwd forwards only tcp, udp and http.", Assert.Single(plain.Problems).Reason);
    }

    [Theory]
    [InlineData(ImportFormat.Rinetd, "# forwards\n0.0.0.0 8080 192.168.1.20 80\n", new[] { "Import.RuleFromLine(rinetd 2)" }, new[] { "rinetd line 2" })]
    [InlineData(ImportFormat.Iptables, "*nat\n-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.20:80\nCOMMIT\n",
        new[] { "Import.RuleFromLine(iptables 2)" }, new[] { "iptables line 2" })]
    [InlineData(ImportFormat.Iptables, "*nat\n-A PREROUTING -p tcp -m multiport --dports 443,8000:8010 -j DNAT --to-destination 192.168.1.20\nCOMMIT\n",
        new[] { "Import.RuleFromLinePort(iptables 2 443)", "Import.RuleFromLinePort(iptables 2 8000-8010)" },
        new[] { "iptables line 2 port 443", "iptables line 2 port 8000-8010" })]
    [InlineData(ImportFormat.Nftables,
        "table ip nat {\n\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\ttcp dport { 80, 443 } dnat to 192.168.1.20\n\t}\n}\n",
        new[] { "Import.RuleFromLinePort(nft 4 80)", "Import.RuleFromLinePort(nft 4 443)" }, new[] { "nft line 4 port 80", "nft line 4 port 443" })]
    public void A_new_rules_name_is_written_by_whoever_imports_and_is_English_without_a_writer(ImportFormat format, string text, string[] coded, string[] english)
    {
        Assert.Equal(coded, RuleImporter.Parse(format, text, Coded).Rules.Select(r => r.Draft.Name));
        Assert.Equal(english, RuleImporter.Parse(format, text).Rules.Select(r => r.Draft.Name));
    }

    [Fact]
    public void A_rule_the_validator_refuses_is_named_in_its_problem_as_the_writer_wrote_it()
    {
        const string Text = "0.0.0.0 8081 127.0.0.1 8081\n";

        var written = Assert.Single(RuleImporter.Parse(ImportFormat.Rinetd, Text, Coded).Problems);
        var plain = Assert.Single(RuleImporter.Parse(ImportFormat.Rinetd, Text).Problems);

        Assert.Equal(("Import.NamedRule", "Import.RuleFromLine(rinetd 1)"), (written.Said!.Code, written.Said.Arguments[0]));
        Assert.StartsWith("\"rinetd line 1\": ", plain.Reason, StringComparison.Ordinal);
    }
}
