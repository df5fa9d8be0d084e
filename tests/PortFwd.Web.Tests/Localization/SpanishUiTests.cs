namespace PortFwd.Web.Tests.Localization;

/// <summary>The check the Spanish page tests lean on finds English where a person would read it, and only there.</summary>
public sealed class SpanishUiTests
{
    [Fact]
    public void English_in_text_and_aria_labels_is_found_but_not_inside_Spanish_or_in_class_names()
    {
        const string markup = """
            <div class="none checked"><p>Search again</p>
            <button aria-label="Delete mapping 80/tcp">x</button>
            <input type="checkbox" checked />
            <i>Token de acceso</i> <b>(según el router, comprobada: 2026-12-02)</b></div>
            """;

        var found = SpanishUi.EnglishLeftIn(markup, "Router.SearchAgain", "Router.Mappings.DeleteNamed", "Ddns.Token", "Ddns.AddressFrom", "Certificates.NoRules");

        Assert.Equal(["Router.SearchAgain: \"Search again\"", "Router.Mappings.DeleteNamed: \"Delete mapping\""], found);
    }
}
