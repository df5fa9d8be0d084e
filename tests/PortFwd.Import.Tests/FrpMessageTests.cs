using PortFwd.Core.Rules.Validation;

namespace PortFwd.Import.Tests;

/// <summary>
/// What the frp import says about a proxy carries a code and its values (the panel says it in the person's language),
/// while its English stays what <c>/api/import</c> answered before.
/// </summary>
public class FrpMessageTests
{
    private const string Proxy = """
        [[proxies]]
        name = "web"
        type = "http"
        localPort = 8080
        customDomains = ["www.example.com"]
        subdomain = "web"
        hostHeaderRewrite = "inside.lan"
        healthCheck.type = "http"
        loadBalancer.group = "web"
        transport.bandwidthLimit = "1MB"
        transport.proxyProtocolVersion = "v2"
        """;

    [Fact]
    public void Each_setting_a_proxy_loses_is_a_coded_note_with_the_proxy_the_key_and_why()
    {
        var result = RuleImporter.Parse(ImportFormat.Frpc, Proxy);

        Assert.Single(result.Rules);
        Assert.Equal(
            [
                (6, "Import.FrpSubdomainNotCarried", "web"),
                (7, "Import.FrpNotCarried", "web hostHeaderRewrite Import.FrpWhyHostHeader"),
                (8, "Import.FrpNotCarried", "web healthCheck.type Import.FrpWhyHealthCheck"),
                (9, "Import.FrpNotCarried", "web loadBalancer.group Import.FrpWhyLoadBalancer"),
                (10, "Import.FrpNotCarried", "web transport.bandwidthLimit Import.FrpWhyBandwidth"),
                (11, "Import.FrpNotCarried", "web transport.proxyProtocolVersion Import.FrpWhyProxyProtocol"),
            ],
            result.Notes.OrderBy(n => n.Line).Select(n => (n.Line, n.Said!.Code, Values(n.Said))));
        var bandwidth = Assert.Single(result.Notes, n => n.Line == 10);
        Assert.Equal("\"web\": transport.bandwidthLimit is not carried over; PortFwd does not limit bandwidth.", bandwidth.Note);
        Assert.Equal(bandwidth.Note, bandwidth.Said!.Text);
    }

    [Theory]
    [InlineData("[[proxies]]\nname = \"game\"\ntype = \"udp\"\nlocalPort = 27015\nremotePort = 0\n", 5, "Import.FrpRandomPort", "game")]
    [InlineData("[[proxies]]\nname = \"nas\"\ntype = \"tcp\"\nlocalIP = \"{{ .Envs.NAS }}\"\nlocalPort = 22\nremotePort = 2222\n", 4,
        "Import.FrpUnreadable", "nas localIP Import.FrpValueTemplate(\"{{ .Envs.NAS }}\")")]
    [InlineData("[[proxies]]\nname = \"p2p\"\ntype = \"xtcp\"\nlocalPort = 22\n", 1, "Import.FrpNeedsVisitors", "p2p xtcp")]
    [InlineData("[[proxies]]\nname = \"ssh\"\ntype = \"tcp\"\nlocalPort = 22\nremotePort = \"ssh\"\n", 5, "Import.FrpNotAPort", "ssh remotePort ssh")]
    [InlineData("[common]\nserver_addr = x\n[web]\ntype = http\nlocal_port = 80\n", 3, "Import.FrpNoDomains", "web")]
    public void A_proxy_that_cannot_be_imported_says_why_with_a_code_and_its_values(string text, int line, string code, string values)
    {
        var problem = Assert.Single(RuleImporter.Parse(ImportFormat.Frpc, text).Problems);

        Assert.Equal((line, code, values), (problem.Line, problem.Said!.Code, Values(problem.Said)));
        Assert.Equal(problem.Reason, problem.Said.Text);
    }

    [Theory]
    [InlineData("frpc.toml")]
    [InlineData("frpc.ini")]
    public void Every_problem_and_note_of_a_real_frpc_file_is_coded_with_its_English_unchanged(string file)
    {
        var result = RuleImporter.Parse(ImportFormat.Frpc, Samples.Read(file));
        var said = result.Problems.Select(p => (p.Said, English: p.Reason)).Concat(result.Notes.Select(n => (n.Said, English: n.Note))).ToList();

        Assert.NotEmpty(said);
        Assert.All(said, line =>
        {
            Assert.NotNull(line.Said);
            Assert.StartsWith("Import.", line.Said.Code, StringComparison.Ordinal);
            Assert.Contains(ImportMessages.All, t => t.Code == line.Said.Code);
            Assert.Equal(line.English, line.Said.Text);
        });
    }

    /// <summary>The values in one line: a message inside as its code, with its own values in brackets when it has some.</summary>
    private static string Values(ValidationMessage message) =>
        string.Join(" ", message.Arguments.Select(a => a is ValidationMessage inner
            ? inner.Code + (inner.Arguments.Count > 0 ? "(" + string.Join(" ", inner.Arguments) + ")" : "")
            : $"{a}"));
}
