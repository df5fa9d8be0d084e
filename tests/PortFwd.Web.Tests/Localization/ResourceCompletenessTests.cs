using System.Globalization;
using System.Resources;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>English and Spanish say the same things: every key in both, nothing left empty or untranslated, the same placeholders.</summary>
public sealed class ResourceCompletenessTests
{
    /// <summary>Values that are the same words in Spanish: product and protocol names, and formats that are only placeholders.</summary>
    private static readonly HashSet<string> SameInBothLanguages = new(StringComparer.Ordinal)
    {
        "Common.No", "Common.PageTitle", "Error.PageTitle", "Nav.Router", "RuleStatus.Error", "RuleForm.TlsAcme", "Traffic.Connections.Bytes",
        "Traffic.Rule.UnitsBytes", "Traffic.Rule.UnitsBits", "Router.Summary.Title",
        "Msg.Import.AndThen", "Msg.Import.ListAndThen", "Msg.Ddns.Update.Joined",
        "Validation.Rule.Risk.MySql", "Validation.Rule.Risk.PostgreSql", "Validation.Rule.Risk.Redis", "Validation.Rule.Risk.MongoDb",
    };

    public static TheoryData<string> ResourcePairs => new() { "Ui", "MudTexts" };

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void Every_key_is_in_both_languages(string resource)
    {
        var english = ResxFile.Read(resource + ".resx");
        var spanish = ResxFile.Read(resource + ".es.resx");

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void No_Spanish_value_is_empty_or_left_in_English(string resource)
    {
        var english = ResxFile.Read(resource + ".resx");
        var spanish = ResxFile.Read(resource + ".es.resx");

        Assert.Empty(spanish.Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key));
        Assert.Empty(english.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
        var untranslated = english.Where(e => spanish.GetValueOrDefault(e.Key) == e.Value && !SameInBothLanguages.Contains(e.Key)).Select(e => e.Key);
        Assert.Empty(untranslated);
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void Both_languages_fill_in_the_same_placeholders(string resource)
    {
        var english = ResxFile.Read(resource + ".resx");
        var spanish = ResxFile.Read(resource + ".es.resx");

        var mismatched = english.Where(e => spanish.TryGetValue(e.Key, out var es) && !ResxFile.Placeholders(es).SequenceEqual(ResxFile.Placeholders(e.Value)));
        Assert.Empty(mismatched.Select(e => e.Key));
    }

    [Fact]
    public void Every_traffic_range_has_its_length_in_both_languages()
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");

        var missing = PortFwd.Web.Traffic.TrafficRange.All.Select(r => $"Traffic.Range.{r.Name}").Except(english.Keys.Intersect(spanish.Keys));
        Assert.Equal("", string.Join(", ", missing));
    }

    [Fact]
    public void The_allowed_untranslated_list_names_only_keys_that_exist()
    {
        Assert.Empty(SameInBothLanguages.Except(ResxFile.Read("Ui.resx").Keys));
    }

    [Fact]
    public void Every_MudBlazor_key_we_translate_is_one_MudBlazor_asks_for_with_the_same_English()
    {
        var mudBlazor = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudButton).Assembly);

        var differing = ResxFile.Read("MudTexts.resx")
            .Where(e => mudBlazor.GetString(e.Key, CultureInfo.InvariantCulture) != e.Value)
            .Select(e => $"{e.Key}: MudBlazor says \"{mudBlazor.GetString(e.Key, CultureInfo.InvariantCulture)}\"");
        Assert.Equal("", string.Join(Environment.NewLine, differing));
    }

    [Fact]
    public void Every_coded_validator_message_has_its_English_and_a_Spanish_text_with_the_same_values() =>
        AssertTranslated(RuleMessages.All, ValidationText.KeyPrefix);

    /// <summary>
    /// Each template's resource: its English word for word (the panel in English says what the API says), a Spanish text
    /// with the same values, one code each, and no resource under <paramref name="prefix"/> for a code that is gone.
    /// </summary>
    internal static void AssertTranslated(IReadOnlyList<MessageTemplate> templates, string prefix)
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");

        Assert.NotEmpty(templates);
        foreach (var template in templates)
        {
            var key = prefix + template.Code;
            Assert.Equal((key, template.English), (key, english.GetValueOrDefault(key)));
            Assert.True(spanish.ContainsKey(key), $"{key} has no Spanish text.");
            Assert.Equal(ResxFile.Placeholders(template.English), ResxFile.Placeholders(spanish[key]));
        }

        Assert.Equal(templates.Count, templates.Select(t => t.Code).Distinct(StringComparer.Ordinal).Count());
        var known = templates.Select(t => prefix + t.Code).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(english.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal) && !known.Contains(k));
    }
}
