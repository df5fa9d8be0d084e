using System.Net;
using System.Net.Sockets;
using PortFwd.Relay.Linux;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Tests;

public sealed class AddressBlocklistTests
{
    private static AddressBlocklist List(params string[] networks) => new(networks.Select(IPNetwork.Parse));

    [Fact]
    public void The_empty_list_blocks_nothing()
    {
        Assert.True(AddressBlocklist.Empty.IsEmpty);
        Assert.False(AddressBlocklist.Empty.Blocks(IPAddress.Parse("203.0.113.7")));
        Assert.False(AddressBlocklist.Empty.Blocks(IPAddress.IPv6Loopback));
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("203.0.113.6", false)]
    [InlineData("203.0.113.8", false)]
    [InlineData("198.51.100.0", true)]
    [InlineData("198.51.100.255", true)]
    [InlineData("198.51.99.255", false)]
    [InlineData("198.51.101.0", false)]
    [InlineData("10.255.255.255", true)]
    [InlineData("11.0.0.0", false)]
    [InlineData("9.255.255.255", false)]
    public void Ipv4_addresses_and_networks_block_exactly_their_range(string address, bool blocked)
    {
        var list = List("203.0.113.7/32", "198.51.100.0/24", "10.0.0.0/8");

        Assert.Equal(blocked, list.Blocks(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8::2", false)]
    [InlineData("2001:db8:1::", true)]
    [InlineData("2001:db8:1:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:2::", false)]
    [InlineData("2001:db8:0:ffff:ffff:ffff:ffff:ffff", false)]
    public void Ipv6_addresses_and_networks_block_exactly_their_range(string address, bool blocked)
    {
        var list = List("2001:db8::1/128", "2001:db8:1::/48");

        Assert.Equal(blocked, list.Blocks(IPAddress.Parse(address)));
    }

    [Fact]
    public void An_ipv4_client_of_a_dual_stack_socket_is_matched_as_its_ipv4_address()
    {
        var list = List("198.51.100.0/24");

        Assert.True(list.Blocks(IPAddress.Parse("::ffff:198.51.100.9")));
        Assert.False(list.Blocks(IPAddress.Parse("::ffff:198.51.101.9")));
    }

    [Fact]
    public void Families_do_not_mix_an_ipv4_entry_blocks_no_ipv6_address_and_the_other_way()
    {
        var list = List("0.0.0.0/1", "2001:db8::/32");

        Assert.False(list.Blocks(IPAddress.Parse("::1")));
        Assert.False(list.Blocks(IPAddress.Parse("2001:db9::1")));
        Assert.False(list.Blocks(IPAddress.Parse("192.0.2.1")));
        Assert.True(list.Blocks(IPAddress.Parse("100.64.0.1")));
    }

    [Fact]
    public void The_widest_prefixes_cover_everything_of_their_family()
    {
        var list = List("0.0.0.0/0", "::/0");

        Assert.True(list.Blocks(IPAddress.Parse("255.255.255.255")));
        Assert.True(list.Blocks(IPAddress.Parse("0.0.0.0")));
        Assert.True(list.Blocks(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
        Assert.True(list.Blocks(IPAddress.IPv6Any));
    }

    [Fact]
    public void A_network_inside_another_adds_nothing_and_the_wider_entry_counts_the_hits()
    {
        var list = List("10.1.0.0/16", "10.0.0.0/8", "10.1.2.3/32");

        Assert.True(list.Blocks(IPAddress.Parse("10.1.2.3")));
        Assert.True(list.Blocks(IPAddress.Parse("10.200.0.1")));
        Assert.False(list.Blocks(IPAddress.Parse("11.1.2.3")));
        Assert.Equal(2, list.BlockedCount(IPNetwork.Parse("10.0.0.0/8")));
        Assert.Equal(0, list.BlockedCount(IPNetwork.Parse("10.1.0.0/16")));
    }

    [Fact]
    public void Each_entry_counts_the_addresses_it_blocked()
    {
        var list = List("203.0.113.7/32", "2001:db8::/32");

        list.Blocks(IPAddress.Parse("203.0.113.7"));
        list.Blocks(IPAddress.Parse("203.0.113.7"));
        list.Blocks(IPAddress.Parse("2001:db8::5"));
        list.Blocks(IPAddress.Parse("192.0.2.1"));

        Assert.Equal(2, list.BlockedCount(IPNetwork.Parse("203.0.113.7/32")));
        Assert.Equal(1, list.BlockedCount(IPNetwork.Parse("2001:db8::/32")));
        Assert.Equal(0, list.BlockedCount(IPNetwork.Parse("192.0.2.0/24")));
    }

    [Fact]
    public void Hundreds_of_entries_each_block_their_own_address_and_nothing_between()
    {
        var networks = Enumerable.Range(0, 500).Select(i => new IPNetwork(new IPAddress([192, 0, (byte)(i / 100), (byte)(i % 100 * 2)]), 32)).ToList();
        var list = new AddressBlocklist(networks.OrderBy(_ => Random.Shared.Next()));

        foreach (var network in networks)
        {
            var bytes = network.BaseAddress.GetAddressBytes();
            Assert.True(list.Blocks(network.BaseAddress));
            bytes[3]++;
            Assert.False(list.Blocks(new IPAddress(bytes)));
        }
    }

    [Fact]
    public void Socket_addresses_are_matched_without_an_ip_address_object_in_both_families_and_mapped()
    {
        var list = List("198.51.100.0/24", "2001:db8::/32");

        Assert.True(list.Blocks(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5000).Serialize()));
        Assert.False(list.Blocks(new IPEndPoint(IPAddress.Parse("198.51.101.1"), 5000).Serialize()));
        Assert.True(list.Blocks(new IPEndPoint(IPAddress.Parse("2001:db8::9"), 5000).Serialize()));
        Assert.True(list.Blocks(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.1"), 5000).Serialize()));
        Assert.False(list.Blocks(new IPEndPoint(IPAddress.Parse("::ffff:198.51.101.1"), 5000).Serialize()));
        Assert.False(AddressBlocklist.Empty.Blocks(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5000).Serialize()));
    }

    [Fact]
    public void Accepted_sockaddrs_are_matched_in_both_families_and_mapped()
    {
        var list = List("198.51.100.0/24", "2001:db8::/32");

        Assert.True(list.BlocksSockAddr(LinuxSockets.ToSockAddr(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1))));
        Assert.False(list.BlocksSockAddr(LinuxSockets.ToSockAddr(new IPEndPoint(IPAddress.Parse("198.51.99.1"), 1))));
        Assert.True(list.BlocksSockAddr(LinuxSockets.ToSockAddr(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1))));
        Assert.True(list.BlocksSockAddr(LinuxSockets.ToSockAddr(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.1"), 1))));
        Assert.False(list.BlocksSockAddr(LinuxSockets.ToSockAddr(new IPEndPoint(IPAddress.Parse("2001:db9::1"), 1))));
    }

    [Fact]
    public void Looking_at_a_live_client_does_not_count_as_a_blocked_attempt()
    {
        var list = List("198.51.100.0/24");

        Assert.True(list.Holds(IPAddress.Parse("198.51.100.1")));
        Assert.True(list.Holds(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1).Serialize()));

        Assert.Equal(0, list.BlockedCount(IPNetwork.Parse("198.51.100.0/24")));
    }

    [Fact]
    public void Duplicate_entries_are_kept_once()
    {
        var list = List("198.51.100.0/24", "198.51.100.0/24");

        Assert.Single(list.Networks);
        Assert.Equal(AddressFamily.InterNetwork, list.Networks[0].BaseAddress.AddressFamily);
    }
}
