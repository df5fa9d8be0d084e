using PortFwd.Core.DynamicDns;

namespace PortFwd.Core.Tests.DynamicDns;

public sealed class DdnsValidatorTests
{
    private static DdnsDraft NoIp(string hostName = "home.ddns.net") => new()
    {
        Provider = "noip", Hostname = hostName, Username = "me@example.net", Password = "s3cret pass",
    };

    private static DdnsDraft DuckDns(string hostName = "myname") => new() { Provider = "duckdns", Hostname = hostName, Token = "a7c4d0ad-114e-40ef-ba1d-d217904a50f2" };

    [Fact]
    public void A_complete_no_ip_name_is_normalized_and_keeps_its_password_for_the_store()
    {
        var draft = NoIp(" Home.DDNS.net. ");
        draft.ConfirmBy = new DateOnly(2026, 12, 30);

        var result = DdnsValidator.Validate(draft);

        Assert.True(result.IsValid);
        Assert.Equal(DdnsProvider.NoIp, result.Name!.Provider);
        Assert.Equal("home.ddns.net", result.Name.HostName);
        Assert.Equal("me@example.net", result.Name.Username);
        Assert.Null(result.Name.Server);
        Assert.Equal(new Uri("https://dynupdate.no-ip.com/"), result.Name.ServerUrl);
        Assert.Equal(new DateOnly(2026, 12, 30), result.Name.ConfirmBy);
        Assert.Equal("s3cret pass", result.Password);
        Assert.Null(result.Name.ProtectedPassword);
    }

    [Fact]
    public void A_duckdns_name_may_be_typed_without_its_domain()
    {
        var result = DdnsValidator.Validate(DuckDns("MyName"));

        Assert.True(result.IsValid);
        Assert.Equal("myname.duckdns.org", result.Name!.HostName);
        Assert.Equal("a7c4d0ad-114e-40ef-ba1d-d217904a50f2", result.Token);
        Assert.Null(result.Name.Username);
    }

    [Theory]
    [InlineData("a.b.duckdns.org")]
    [InlineData("myname.example.net")]
    public void A_duckdns_name_is_one_name_under_duckdns_org(string hostName)
    {
        var result = DdnsValidator.Validate(DuckDns(hostName));

        Assert.Equal(["A DuckDNS name is one name under duckdns.org, such as myname.duckdns.org (or just myname)."], result.ErrorsFor(DdnsFields.Hostname));
    }

    [Theory]
    [InlineData("", "Give the host name to keep up to date, for example \"home.example.net\".")]
    [InlineData("home", "Give the full name, with its domain (such as home.example.net).")]
    [InlineData("-home.example.net", "A host name is made of letters, digits and hyphens between dots (such as home.example.net); a part cannot be empty, longer than 63 characters, or start or end with a hyphen.")]
    [InlineData("home..example.net", "A host name is made of letters, digits and hyphens between dots (such as home.example.net); a part cannot be empty, longer than 63 characters, or start or end with a hyphen.")]
    [InlineData("home_1.example.net", "A host name is made of letters, digits and hyphens between dots (such as home.example.net); a part cannot be empty, longer than 63 characters, or start or end with a hyphen.")]
    public void A_bad_host_name_says_what_a_host_name_is(string hostName, string message)
    {
        var result = DdnsValidator.Validate(NoIp(hostName));

        Assert.Equal([message], result.ErrorsFor(DdnsFields.Hostname));
    }

    [Fact]
    public void Every_mistake_shows_at_once()
    {
        var result = DdnsValidator.Validate(new DdnsDraft { Provider = "dyndns2", Hostname = "x", Ipv4 = false });

        Assert.False(result.IsValid);
        Assert.Equal([DdnsFields.Hostname, DdnsFields.Ipv4, DdnsFields.Password, DdnsFields.Server, DdnsFields.Username], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("", "Choose a provider: noip, dynu, dyndns2, duckdns, cloudflare.")]
    [InlineData("afraid", "Unknown provider 'afraid'; use one of noip, dynu, dyndns2, duckdns, cloudflare.")]
    public void The_provider_must_be_a_known_one(string provider, string message)
    {
        var result = DdnsValidator.Validate(new DdnsDraft { Provider = provider, Hostname = "home.example.net" });

        Assert.Equal([message], result.ErrorsFor(DdnsFields.Provider));
    }

    [Theory]
    [InlineData("https://dyndns.example.net/", null)]
    [InlineData("http://127.0.0.1:8245/", null)]
    [InlineData("http://192.168.1.5/", null)]
    [InlineData("http://dyndns.example.net/", "Use https://: the password or token is sent with every update. Plain http:// is allowed only to this machine or a LAN address.")]
    [InlineData("http://203.0.113.5/", "Use https://: the password or token is sent with every update. Plain http:// is allowed only to this machine or a LAN address.")]
    [InlineData("ftp://dyndns.example.net/", "Give the server as an https:// URL without a query, such as https://dyndns.example.net/.")]
    [InlineData("https://user:pw@dyndns.example.net/", "Give the server as an https:// URL without a query, such as https://dyndns.example.net/.")]
    [InlineData("https://dyndns.example.net/?a=1", "Give the server as an https:// URL without a query, such as https://dyndns.example.net/.")]
    public void The_server_is_https_or_plain_http_only_on_this_machine_or_the_lan(string server, string? message)
    {
        var draft = NoIp();
        draft.Provider = "dyndns2";
        draft.Server = server;

        var result = DdnsValidator.Validate(draft);

        Assert.Equal(message is null ? [] : [message], result.ErrorsFor(DdnsFields.Server));
    }

    [Fact]
    public void A_dyndns2_server_must_be_given()
    {
        var draft = NoIp();
        draft.Provider = "dyndns2";

        Assert.Equal(["Give the dyndns2 server's URL, such as https://dyndns.example.net/."], DdnsValidator.Validate(draft).ErrorsFor(DdnsFields.Server));
    }

    [Fact]
    public void A_change_without_a_secret_keeps_the_stored_one()
    {
        var stored = Stored(DdnsProvider.NoIp, server: null);
        var draft = NoIp();
        draft.Password = null;

        var result = DdnsValidator.Validate(draft, DdnsValidationContext.Changing(stored));

        Assert.True(result.IsValid);
        Assert.Null(result.Password);
    }

    [Fact]
    public void A_stored_secret_is_not_kept_when_updates_go_to_another_server()
    {
        var stored = Stored(DdnsProvider.NoIp, server: null);
        var draft = NoIp();
        draft.Password = "";
        draft.Server = "https://elsewhere.example.net/";

        var result = DdnsValidator.Validate(draft, DdnsValidationContext.Changing(stored));

        Assert.Equal(["Give the password again: updates go to another provider or server now."], result.ErrorsFor(DdnsFields.Password));
    }

    [Fact]
    public void A_stored_password_is_not_a_token_for_another_provider()
    {
        var stored = Stored(DdnsProvider.NoIp, server: null);

        var result = DdnsValidator.Validate(new DdnsDraft { Provider = "cloudflare", Hostname = "home.example.net" }, DdnsValidationContext.Changing(stored));

        Assert.Equal(["Give the Cloudflare API token again: updates go to another provider or server now."], result.ErrorsFor(DdnsFields.Token));
    }

    [Fact]
    public void A_user_name_with_a_colon_cannot_go_in_basic_auth()
    {
        var draft = NoIp();
        draft.Username = "me:you";

        Assert.Equal(["The user name cannot contain ':' or control characters."], DdnsValidator.Validate(draft).ErrorsFor(DdnsFields.Username));
    }

    [Fact]
    public void A_token_with_spaces_was_copied_wrong()
    {
        var draft = DuckDns();
        draft.Token = "abc def";

        Assert.Equal(["A token has no spaces; copy it again from the provider's site."], DdnsValidator.Validate(draft).ErrorsFor(DdnsFields.Token));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void A_name_keeps_its_a_record_its_aaaa_record_or_both(bool ipv4, bool ipv6)
    {
        var draft = NoIp();
        draft.Ipv4 = ipv4;
        draft.Ipv6 = ipv6;

        var result = DdnsValidator.Validate(draft);

        Assert.True(result.IsValid);
        Assert.Equal(ipv4, result.Name!.Ipv4);
        Assert.Equal(ipv6, result.Name.Ipv6);
    }

    [Fact]
    public void A_name_with_neither_address_is_refused()
    {
        var draft = NoIp();
        draft.Ipv4 = false;
        draft.Ipv6 = false;

        var result = DdnsValidator.Validate(draft);

        Assert.Equal(["Turn on ipv4, ipv6 or both: a name with neither is never updated."], result.ErrorsFor(DdnsFields.Ipv4));
        Assert.Empty(result.ErrorsFor(DdnsFields.Ipv6));
    }

    [Fact]
    public void A_confirmation_date_is_kept_only_for_no_ip()
    {
        var draft = DuckDns();
        draft.ConfirmBy = new DateOnly(2026, 12, 30);

        Assert.Null(DdnsValidator.Validate(draft).Name!.ConfirmBy);
    }

    private static DdnsName Stored(DdnsProvider provider, string? server) => new()
    {
        Id = 1, Provider = provider, HostName = "home.ddns.net", Username = "me@example.net", Server = server,
        ProtectedPassword = provider.UsesPassword() ? "encrypted" : null,
        ProtectedToken = provider.UsesToken() ? "encrypted" : null,
    };
}
