using PortFwd.Web.Components.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>The status chip's "Listening on" line: a 10,000-port range is one range, not 10,000 endpoints.</summary>
public sealed class ListeningTextTests
{
    [Fact]
    public void A_10000_port_range_is_described_as_one_range()
    {
        var listening = Enumerable.Range(10000, 10000).Select(p => $"udp/127.0.0.1:{p}").ToList();

        Assert.Equal("udp/127.0.0.1:10000-19999", ListeningText.Describe(listening));
    }

    [Fact]
    public void A_tcp_and_udp_range_is_one_range_per_transport_in_the_order_first_listed()
    {
        // The relay lists each port's TCP listener, then its UDP one.
        var listening = Enumerable.Range(5000, 1000).SelectMany(p => new[] { $"tcp/127.0.0.1:{p}", $"udp/127.0.0.1:{p}" }).ToList();

        Assert.Equal("tcp/127.0.0.1:5000-5999, udp/127.0.0.1:5000-5999", ListeningText.Describe(listening));
    }

    [Theory]
    [InlineData(new[] { "tcp/127.0.0.1:8080" }, "tcp/127.0.0.1:8080")]
    [InlineData(new[] { "http/*:80" }, "http/*:80")]
    [InlineData(new[] { "udp/[::1]:5000", "udp/[::1]:5001", "udp/[::1]:5003" }, "udp/[::1]:5000-5001, udp/[::1]:5003")]
    [InlineData(new[] { "tcp/127.0.0.1:7000", "tcp/127.0.0.2:7001" }, "tcp/127.0.0.1:7000, tcp/127.0.0.2:7001")]
    [InlineData(new string[0], "")]
    public void Joins_only_consecutive_ports_on_one_address(string[] listening, string text) =>
        Assert.Equal(text, ListeningText.Describe(listening));
}
