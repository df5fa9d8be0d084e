using System.Text;

namespace PortFwd.Acme.Tests.Protocol;

public sealed class ProblemTests
{
    [Fact]
    public void A_compound_problem_is_read_with_each_name_and_its_detail()
    {
        // RFC 8555 §6.7.1's example.
        var problem = AcmeProblem.Parse(Encoding.UTF8.GetBytes("""
            {
                "type": "urn:ietf:params:acme:error:malformed",
                "detail": "Some of the identifiers requested were rejected",
                "subproblems": [
                    {
                        "type": "urn:ietf:params:acme:error:malformed",
                        "detail": "Invalid underscore in DNS name \"_example.org\"",
                        "identifier": { "type": "dns", "value": "_example.org" }
                    },
                    {
                        "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                        "detail": "This CA will not issue for \"example.net\"",
                        "identifier": { "type": "dns", "value": "example.net" }
                    }
                ]
            }
            """));

        Assert.NotNull(problem);
        Assert.Equal("malformed", problem.Name);
        Assert.Equal("Some of the identifiers requested were rejected", problem.Detail);
        Assert.Equal(["_example.org", "example.net"], problem.Subproblems.Select(s => s.Identifier));
        Assert.Equal("rejectedIdentifier", problem.Subproblems[1].Name);
        Assert.Equal("Some of the identifiers requested were rejected; _example.org: Invalid underscore in DNS name \"_example.org\"; "
            + "example.net: This CA will not issue for \"example.net\"", problem.Describe());
    }

    [Fact]
    public void A_rate_limit_problem_keeps_its_status_and_type()
    {
        var problem = AcmeProblem.Parse(Encoding.UTF8.GetBytes("""
            {"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many certificates already issued for \"app.test\"","status":429}
            """));

        Assert.NotNull(problem);
        Assert.Equal("rateLimited", problem.Name);
        Assert.Equal(429, problem.Status);
        Assert.Empty(problem.Subproblems);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("{}")]
    [InlineData("")]
    public void A_body_that_is_not_a_problem_document_gives_none(string body)
    {
        Assert.Null(AcmeProblem.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
