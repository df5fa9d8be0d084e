using System.Net;
using PortFwd.Web.DynamicDns;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>Which of the machine's IPv6 addresses an AAAA record gets: fixed candidates, never this machine's interfaces.</summary>
public sealed class Ipv6AddressChoiceTests
{
    private static Ipv6Candidate Stable(string address) => new(IPAddress.Parse(address), FromRouterAdvertisement: true);

    [Fact]
    public void Link_local_unique_local_loopback_and_mapped_addresses_are_never_chosen()
    {
        Assert.Null(Ipv6AddressChoice.Choose([Stable("fe80::1"), Stable("fd00::2"), Stable("::1"), Stable("::ffff:203.0.113.7"), Stable("ff02::1")]));
        Assert.Equal(IPAddress.Parse("2a01:e0a:1::5"), Ipv6AddressChoice.Choose([Stable("fe80::1"), Stable("fd00::2"), Stable("2a01:e0a:1::5")]));
    }

    [Fact]
    public void A_stable_address_wins_over_a_temporary_one_and_a_deprecated_or_tentative_one_is_skipped()
    {
        var chosen = Ipv6AddressChoice.Choose([
            new Ipv6Candidate(IPAddress.Parse("2001:db8::dead"), Deprecated: true, FromRouterAdvertisement: true),
            new Ipv6Candidate(IPAddress.Parse("2001:db8::beef"), Usable: false, FromRouterAdvertisement: true),
            new Ipv6Candidate(IPAddress.Parse("2001:db8::1234:5678"), Temporary: true, FromRouterAdvertisement: true),
            Stable("2001:db8::a"),
        ]);

        Assert.Equal(IPAddress.Parse("2001:db8::a"), chosen);
    }

    [Fact]
    public void A_temporary_address_is_used_when_there_is_no_stable_one()
    {
        var chosen = Ipv6AddressChoice.Choose([Stable("fd00::1"), new Ipv6Candidate(IPAddress.Parse("2001:db8::1234:5678"), Temporary: true)]);

        Assert.Equal(IPAddress.Parse("2001:db8::1234:5678"), chosen);
    }

    [Fact]
    public void An_address_from_the_routers_prefix_wins_over_one_set_by_hand()
    {
        var chosen = Ipv6AddressChoice.Choose([new Ipv6Candidate(IPAddress.Parse("2001:db8::99")), Stable("2001:db8::a")]);

        Assert.Equal(IPAddress.Parse("2001:db8::a"), chosen);
    }

    [Fact]
    public void The_linux_address_table_gives_each_address_with_its_flags()
    {
        string[] table =
        [
            "fd000000000000000000000000000002 04 40 00 82     eth0",
            "00000000000000000000000000000001 01 80 10 80       lo",
            "fe8000000000000000fc00fffe000001 04 40 20 80     eth0",
            "20010db8000000000000000000000a01 04 40 00 80     eth0",
            "20010db80000000012345678abcdef01 04 40 00 01     eth0",
            "20010db8000000000000000000000b02 04 40 00 20     eth0",
            "20010db8000000000000000000000c03 04 40 00 40     eth0",
            "20010db8000000000000000000000d04 04 40 00 00     eth0",
            "not a line",
        ];

        var candidates = MachineIpv6Address.ParseLinuxTable(table).ToList();

        Assert.Equal(8, candidates.Count);
        Assert.Equal(new Ipv6Candidate(IPAddress.Parse("2001:db8::a01")), candidates[3]);
        Assert.Equal(new Ipv6Candidate(IPAddress.Parse("2001:db8::1234:5678:abcd:ef01"), Temporary: true, FromRouterAdvertisement: true), candidates[4]);
        Assert.True(candidates[5].Deprecated);
        Assert.False(candidates[6].Usable);
        // The address from the router's prefix (not permanent) wins over the one set by hand, the temporary, deprecated and tentative ones.
        Assert.Equal(IPAddress.Parse("2001:db8::d04"), Ipv6AddressChoice.Choose(candidates));
    }
}
