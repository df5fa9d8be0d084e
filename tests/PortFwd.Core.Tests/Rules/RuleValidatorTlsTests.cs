using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class RuleValidatorTlsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static RuleDraft Https(string tls, params string[] hostNames) => Drafts.With(d =>
    {
        d.Tls = tls;
        d.HostNames = [.. hostNames];
        d.ExternalPort = 443;
    }, "http");

    private static RuleValidationContext WithCertificate(params string[] names) => new([])
    {
        Certificates = new Dictionary<int, CertificateFacts> { [7] = new(7, names, Now.AddDays(-10), Now.AddDays(80)) },
        Now = Now,
    };

    [Fact]
    public void A_rule_without_tls_reads_as_plain_http_on_port_80()
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Drafts.Valid("http")));

        Assert.Equal(TlsMode.Off, rule.Tls);
        Assert.Equal(80, rule.HttpPort);
        Assert.False(rule.RedirectHttp);
        Assert.False(rule.Hsts);
        Assert.Null(rule.CertificateId);
    }

    [Theory]
    [InlineData("off", TlsMode.Off)]
    [InlineData("acme", TlsMode.Acme)]
    [InlineData("selfSigned", TlsMode.SelfSigned)]
    [InlineData("self-signed", TlsMode.SelfSigned)]
    public void The_tls_wire_names_are_read(string name, TlsMode mode)
    {
        var rule = Drafts.AssertValid(RuleValidator.Validate(Https(name, "app.example.com")));

        Assert.Equal(mode, rule.Tls);
    }

    [Fact]
    public void An_unknown_tls_is_refused_on_tls_listing_the_choices()
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("letsencrypt", "app.example.com")), RuleFields.Tls, "\"letsencrypt\"", "acme", "selfSigned", "uploaded");
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("tcpudp")]
    public void Tls_on_a_rule_that_is_not_http_is_refused_on_tls(string protocol)
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Drafts.With(d => d.Tls = "selfSigned", protocol)), RuleFields.Tls, "HTTP rules");
    }

    [Fact]
    public void Acme_without_host_names_is_refused_on_host_names()
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("acme")), RuleFields.HostNames, "host names");
    }

    [Fact]
    public void Acme_with_a_wildcard_is_refused_on_host_names_naming_it()
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("acme", "app.example.com", "*.example.com")), RuleFields.HostNames, "\"*.example.com\"", "wildcard");
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("::1")]
    public void Acme_with_an_ip_literal_is_refused_on_host_names(string address)
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("acme", address)), RuleFields.HostNames, $"\"{address}\"");
    }

    [Fact]
    public void Acme_with_a_lan_name_is_refused_on_host_names()
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("acme", "nas")), RuleFields.HostNames, "\"nas\"", "self-signed");
    }

    [Fact]
    public void A_self_signed_rule_may_have_no_host_names()
    {
        Assert.Equal(TlsMode.SelfSigned, Drafts.AssertValid(RuleValidator.Validate(Https("selfSigned"))).Tls);
    }

    [Fact]
    public void Uploaded_without_a_certificate_is_refused_on_certificate_id()
    {
        Drafts.AssertOnlyError(RuleValidator.Validate(Https("uploaded", "app.example.com"), WithCertificate("app.example.com")), RuleFields.CertificateId, "certificate");
    }

    [Fact]
    public void Uploaded_with_an_unknown_certificate_is_refused_on_certificate_id()
    {
        var draft = Https("uploaded", "app.example.com");
        draft.CertificateId = 99;

        Drafts.AssertOnlyError(RuleValidator.Validate(draft, WithCertificate("app.example.com")), RuleFields.CertificateId, "99");
    }

    [Fact]
    public void Uploaded_is_taken_as_given_when_the_context_has_not_read_the_certificates()
    {
        var draft = Https("uploaded", "app.example.com");
        draft.CertificateId = 99;

        Assert.Equal(99, Drafts.AssertValid(RuleValidator.Validate(draft)).CertificateId);
    }

    [Fact]
    public void Uploaded_with_a_certificate_that_does_not_cover_the_host_names_is_refused_naming_the_uncovered()
    {
        var draft = Https("uploaded", "app.example.com", "shop.example.org");
        draft.CertificateId = 7;

        Drafts.AssertOnlyError(RuleValidator.Validate(draft, WithCertificate("*.example.com")), RuleFields.CertificateId, "shop.example.org", "*.example.com");
    }

    [Fact]
    public void Uploaded_with_a_wildcard_certificate_for_the_names_is_saved_with_its_id()
    {
        var draft = Https("uploaded", "app.example.com", "www.example.com");
        draft.CertificateId = 7;

        var rule = Drafts.AssertValid(RuleValidator.Validate(draft, WithCertificate("*.example.com")));

        Assert.Equal(7, rule.CertificateId);
        Assert.Equal(TlsMode.Uploaded, rule.Tls);
    }

    [Fact]
    public void Uploaded_with_an_expired_certificate_is_refused_naming_the_day()
    {
        var draft = Https("uploaded", "app.example.com");
        draft.CertificateId = 7;
        var context = WithCertificate("app.example.com") with { Now = Now.AddDays(81) };

        Drafts.AssertOnlyError(RuleValidator.Validate(draft, context), RuleFields.CertificateId, "expired", "2027-02-19");
    }

    [Fact]
    public void A_certificate_id_is_dropped_unless_the_certificate_is_uploaded()
    {
        var draft = Https("selfSigned", "app.example.com");
        draft.CertificateId = 7;

        Assert.Null(Drafts.AssertValid(RuleValidator.Validate(draft)).CertificateId);
    }

    [Fact]
    public void Redirect_with_http_port_equal_to_the_rule_port_is_refused_on_http_port()
    {
        var draft = Https("selfSigned", "app.example.com");
        (draft.RedirectHttp, draft.HttpPort) = (true, 443);

        Drafts.AssertOnlyError(RuleValidator.Validate(draft), RuleFields.HttpPort, "443");
    }

    [Fact]
    public void Redirect_on_the_panel_port_is_refused_on_http_port()
    {
        var draft = Https("selfSigned", "app.example.com");
        (draft.RedirectHttp, draft.HttpPort) = (true, 8080);

        Drafts.AssertOnlyError(RuleValidator.Validate(draft, new RuleValidationContext([new ReservedPort(8080, "used by this panel")])), RuleFields.HttpPort, "used by this panel");
    }

    [Fact]
    public void Redirect_and_hsts_are_kept_with_the_http_port()
    {
        var draft = Https("selfSigned", "app.example.com");
        (draft.RedirectHttp, draft.HttpPort, draft.Hsts) = (true, 8081, true);

        var rule = Drafts.AssertValid(RuleValidator.Validate(draft));

        Assert.True(rule.RedirectHttp);
        Assert.True(rule.Hsts);
        Assert.Equal(8081, rule.HttpPort);
        Assert.True(rule.RedirectsHttp);
    }

    [Fact]
    public void Redirect_and_hsts_without_tls_are_refused_each_on_its_field()
    {
        var result = RuleValidator.Validate(Drafts.With(d => (d.RedirectHttp, d.Hsts) = (true, true), "http"));

        Assert.Equal([RuleFields.Hsts, RuleFields.RedirectHttp], result.Errors.Keys.Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void An_http_port_outside_1_to_65535_is_refused_on_http_port(int port)
    {
        var draft = Https("selfSigned", "app.example.com");
        (draft.RedirectHttp, draft.HttpPort) = (true, port);

        Drafts.AssertOnlyError(RuleValidator.Validate(draft), RuleFields.HttpPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Editing_a_rule_keeps_its_https_fields()
    {
        var draft = Https("uploaded", "app.example.com");
        (draft.CertificateId, draft.RedirectHttp, draft.HttpPort, draft.Hsts) = (7, true, 8081, true);
        var rule = Drafts.AssertValid(RuleValidator.Validate(draft, WithCertificate("app.example.com")));

        var again = Drafts.AssertValid(RuleValidator.Validate(rule.ToDraft(), WithCertificate("app.example.com")));
        var copy = new ForwardingRule();
        copy.CopyEditableFrom(again);

        Assert.Equal((TlsMode.Uploaded, 7, true, 8081, true), (copy.Tls, copy.CertificateId, copy.RedirectHttp, copy.HttpPort, copy.Hsts));
    }
}
