using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

/// <summary>A valid draft to start each case from, and assertions on validation results.</summary>
internal static class Drafts
{
    public static RuleDraft Valid(string protocol = "tcp") => new()
    {
        Name = "Web server",
        Protocol = protocol,
        ExternalPort = 8080,
        InternalHost = "192.168.1.20",
        InternalPort = 80,
    };

    public static RuleDraft With(Action<RuleDraft> change, string protocol = "tcp")
    {
        var draft = Valid(protocol);
        change(draft);
        return draft;
    }

    public static ForwardingRule AssertValid(RuleValidationResult result)
    {
        Assert.True(result.IsSuccess, "Expected a valid draft, got: " + string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        Assert.Empty(result.Errors);
        return Assert.IsType<ForwardingRule>(result.Value);
    }

    /// <summary>Asserts the draft was refused with exactly one message, on <paramref name="field"/> only, mentioning each of <paramref name="mentions"/>.</summary>
    public static string AssertOnlyError(RuleValidationResult result, string field, params string[] mentions)
    {
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal([field], result.Errors.Keys);
        var message = Assert.Single(result.ErrorsFor(field));
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, message, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>Asserts errors on <paramref name="field"/> only, one message per item of <paramref name="mentions"/>, in order, each naming its item.</summary>
    public static void AssertOneMessageEach(RuleValidationResult result, string field, params string[] mentions)
    {
        Assert.Equal([field], result.Errors.Keys);
        var messages = result.ErrorsFor(field);
        Assert.Equal(mentions.Length, messages.Count);
        for (var i = 0; i < mentions.Length; i++)
        {
            Assert.Contains(mentions[i], messages[i], StringComparison.Ordinal);
        }
    }
}
