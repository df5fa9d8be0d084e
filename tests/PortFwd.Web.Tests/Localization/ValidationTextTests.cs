using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Tests.Localization;

/// <summary>The rule form shows the shared validator's messages in the page's language; the validator itself stays English.</summary>
public sealed class ValidationTextTests
{
    private static RuleDraft BadPort() => new() { Name = "Web", Protocol = "tcp", ExternalPort = 70000, InternalHost = "192.168.1.20", InternalPort = 80 };

    [Fact]
    public void In_Spanish_a_port_out_of_range_reads_in_Spanish_with_the_port_in_it()
    {
        var error = RuleValidator.Validate(BadPort()).Error!;

        var shown = InLanguage.Run("es", () => ValidationText.Localize(error, UiText.Ui));

        Assert.Equal(["El puerto externo debe estar entre 1 y 65535; 70000 está fuera de ese rango."], shown[RuleFields.ExternalPort]);
        // What the API answers is untouched.
        Assert.Equal(["The external port must be from 1 to 65535; 70000 is outside that."], error.FieldErrors[RuleFields.ExternalPort]);
    }

    [Fact]
    public void In_English_the_form_says_exactly_what_the_API_says()
    {
        var error = RuleValidator.Validate(new RuleDraft { ExternalPort = 0, InternalPort = 99999 }).Error!;

        var shown = InLanguage.Run("en", () => ValidationText.Localize(error, UiText.Ui));

        Assert.Equal(error.FieldErrors.Keys.Order(), shown.Keys.Order());
        foreach (var (field, messages) in error.FieldErrors)
        {
            Assert.Equal(messages, shown[field]);
        }
    }

    [Fact]
    public void A_message_without_a_code_or_a_translation_is_shown_in_English()
    {
        var plain = ValidationMessage.Plain("Pick at least one day the rule is on.");
        var unknown = new ValidationMessage("Rule.NoSuchCode", "Something new.", []);

        Assert.Equal("Pick at least one day the rule is on.", InLanguage.Run("es", () => ValidationText.Localize(plain, UiText.Ui)));
        Assert.Equal("Something new.", InLanguage.Run("es", () => ValidationText.Localize(unknown, UiText.Ui)));
    }

    [Fact]
    public void Errors_built_from_text_alone_pass_through()
    {
        var error = new RuleValidationError("Port 8080 is taken.", new Dictionary<string, string[]> { [RuleFields.ExternalPort] = ["Port 8080 is taken."] });

        Assert.Same(error.FieldErrors, InLanguage.Run("es", () => ValidationText.Localize(error, UiText.Ui)));
    }
}
