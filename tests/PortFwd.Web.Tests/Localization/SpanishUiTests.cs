namespace PortFwd.Web.Tests.Localization;

/// <summary>The check the Spanish page tests lean on finds English where a person would read it, and only there.</summary>
public sealed class SpanishUiTests
{
    [Fact]
    public void English_in_text_and_aria_labels_is_found_but_not_inside_Spanish_nor_in_class_names_styles_or_hidden_values()
    {
        const string markup = """
            <input type="hidden" name="shown" value="none" />
            <div class="none checked"><style>.x { text-transform: none; }</style><p>Search again</p>
            <button aria-label="Delete mapping 80/tcp">x</button>
            <input type="checkbox" checked />
            <i>Token de acceso</i> <b>(según el router, comprobada: 2026-12-02)</b></div>
            """;

        var found = SpanishUi.EnglishLeftIn(markup, "Router.SearchAgain", "Router.Mappings.DeleteNamed", "Ddns.Token", "Ddns.AddressFrom", "Certificates.NoRules");

        Assert.Equal(["Router.SearchAgain: \"Search again\"", "Router.Mappings.DeleteNamed: \"Delete mapping\""], found);
    }

    [Fact]
    public void English_in_a_fields_value_a_phone_tables_cell_label_split_over_inline_elements_or_next_to_punctuation_is_found()
    {
        const string markup = """
            <input type="text" value="Search again" />
            <table><tbody><tr><td data-label="Time">12:00</td></tr></tbody></table>
            <p>Delete <b>mapping</b> 80/tcp</p>
            <p>(según el router, checked 2026-12-02)</p>
            """;

        var found = SpanishUi.EnglishLeftIn(markup, "Router.SearchAgain", "Router.Mappings.DeleteNamed", "Audit.Time", "Ddns.AddressFrom");

        Assert.Equal(["Audit.Time: \"Time\"", "Router.SearchAgain: \"Search again\"", "Router.Mappings.DeleteNamed: \"Delete mapping\"", "Ddns.AddressFrom: \"checked\""], found);
    }

    [Fact]
    public void English_that_holds_a_Spanish_word_is_found_and_English_inside_Spanish_shown_is_not()
    {
        // "Router" is the same in both languages; "Router address" is English that holds it. "1 problem" is English
        // only where it is not the start of the Spanish "1 problema".
        const string markup = "<dt>Router address</dt><dd>Router</dd><p>1 problema</p>";

        Assert.Equal(["Router.RouterAddress: \"Router address\""], SpanishUi.EnglishLeftIn(markup, "Router.RouterAddress", "Router.Summary.Title"));
        Assert.Empty(SpanishUi.EnglishLeftIn(markup, "Backup.OneProblem"));
        Assert.Equal(["Backup.OneProblem: \"1 problem\""], SpanishUi.EnglishLeftIn(markup + "<p>1 problem found</p>", "Backup.OneProblem"));
    }
}
