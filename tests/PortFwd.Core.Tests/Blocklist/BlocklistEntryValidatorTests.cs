using PortFwd.Core.Blocklist;

namespace PortFwd.Core.Tests.Blocklist;

public sealed class BlocklistEntryValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static BlocklistValidationResult Check(string? address, string? note = null, DateTimeOffset? expiresAt = null) =>
        BlocklistEntryValidator.Validate(new BlocklistDraft { Address = address, Note = note, ExpiresAt = expiresAt }, Now);

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" 203.0.113.7 ", "203.0.113.7")]
    [InlineData("203.0.113.7/32", "203.0.113.7")]
    [InlineData("198.51.100.0/24", "198.51.100.0/24")]
    [InlineData("2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1/128", "2001:db8::1")]
    [InlineData("127.0.0.2", "127.0.0.2")]
    public void Addresses_and_networks_are_normalized(string typed, string stored)
    {
        var result = Check(typed);

        Assert.True(result.IsValid, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        Assert.Equal(stored, result.Entry!.Network);
        Assert.Equal(Now, result.Entry.CreatedAt);
    }

    [Fact]
    public void A_network_with_host_bits_set_is_refused_naming_the_network_it_probably_meant()
    {
        var result = Check("10.0.0.7/24");

        Assert.Contains("did you mean 10.0.0.0/24?", Assert.Single(result.Errors[BlocklistFields.Address]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("example.com")]
    [InlineData("10")]
    [InlineData("10.0.0.0/33")]
    [InlineData("[::1]:80")]
    public void Anything_but_an_address_or_network_is_refused_under_address(string? typed)
    {
        var result = Check(typed);

        Assert.False(result.IsValid);
        Assert.Single(result.Errors[BlocklistFields.Address]);
        Assert.Null(result.Entry);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("127.0.0.0/8", "127.0.0.1")]
    [InlineData("0.0.0.0/0", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("::/0", "::1")]
    public void A_network_holding_this_machines_own_address_is_refused_with_the_reason(string typed, string own)
    {
        var message = Assert.Single(Check(typed).Errors[BlocklistFields.Address]);

        Assert.Contains($"holds {own}, this machine's own address", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_refused_naming_the_ipv4_form()
    {
        var message = Assert.Single(Check("::ffff:203.0.113.7").Errors[BlocklistFields.Address]);

        Assert.Contains("block 203.0.113.7 instead", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_note_is_trimmed_empty_means_none_and_over_200_characters_is_refused()
    {
        Assert.Equal("scanner", Check("203.0.113.7", "  scanner ").Entry!.Note);
        Assert.Null(Check("203.0.113.7", "   ").Entry!.Note);
        Assert.True(Check("203.0.113.7", new string('n', 200)).IsValid);

        var message = Assert.Single(Check("203.0.113.7", new string('n', 201)).Errors[BlocklistFields.Note]);
        Assert.Contains("at most 200 characters; it has 201", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_expiry_must_be_in_the_future_and_is_kept_in_utc()
    {
        Assert.Single(Check("203.0.113.7", expiresAt: Now).Errors[BlocklistFields.ExpiresAt]);
        Assert.Single(Check("203.0.113.7", expiresAt: Now.AddMinutes(-1)).Errors[BlocklistFields.ExpiresAt]);

        var entry = Check("203.0.113.7", expiresAt: new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1))).Entry!;
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), entry.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, entry.ExpiresAt!.Value.Offset);
        Assert.False(entry.HasExpired(Now));
        Assert.True(entry.HasExpired(Now.AddHours(1)));
    }

    [Fact]
    public void Every_mistake_shows_at_once()
    {
        var result = Check("nope", new string('n', 300), Now.AddDays(-1));

        Assert.Equal([BlocklistFields.Address, BlocklistFields.ExpiresAt, BlocklistFields.Note], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_stored_entry_reads_back_as_its_network()
    {
        Assert.Equal(System.Net.IPNetwork.Parse("203.0.113.7/32"), new BlocklistEntry { Network = "203.0.113.7" }.ToNetwork());
        Assert.Equal(System.Net.IPNetwork.Parse("2001:db8::/32"), new BlocklistEntry { Network = "2001:db8::/32" }.ToNetwork());
    }
}
