using System.Net;
using System.Net.Sockets;
using PortFwd.Core.DynamicDns;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>The Status page's check of where a name points, with a fake resolver: no test asks a real DNS server.</summary>
public sealed class DdnsResolutionTests
{
    private static readonly DdnsName Name = new() { Id = 1, Provider = DdnsProvider.NoIp, HostName = "home.ddns.net" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_name_that_resolves_to_the_public_address_matches()
    {
        var check = await new DdnsResolution(new FakeResolver("203.0.113.5")).CheckAsync(Name, IPAddress.Parse("203.0.113.5"), Ct);

        Assert.True(check.Matches);
        Assert.Equal("home.ddns.net resolves to the public address 203.0.113.5.", check.Message);
    }

    [Fact]
    public async Task A_mismatch_is_said_with_both_addresses()
    {
        var check = await new DdnsResolution(new FakeResolver("198.51.100.9")).CheckAsync(Name, IPAddress.Parse("203.0.113.5"), Ct);

        Assert.False(check.Matches);
        Assert.Equal("home.ddns.net resolves to 198.51.100.9, not the public address 203.0.113.5 (an update may still be on its way through DNS caches).", check.Message);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_does_not_match()
    {
        var check = await new DdnsResolution(new FakeResolver()).CheckAsync(Name, IPAddress.Parse("203.0.113.5"), Ct);

        Assert.False(check.Matches);
        Assert.Empty(check.Addresses);
        Assert.StartsWith("home.ddns.net does not resolve", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_address_the_answer_is_shown_without_a_verdict()
    {
        var check = await new DdnsResolution(new FakeResolver("198.51.100.9")).CheckAsync(Name, null, Ct);

        Assert.Null(check.Matches);
        Assert.Equal("home.ddns.net resolves to 198.51.100.9; the public address is not known yet.", check.Message);
    }

    /// <summary>
    /// Answers the given addresses for any name, or "no such name" when there are none; every lookup of a rule's target
    /// answers like the hosts file (localhost is loopback) and otherwise the same.
    /// </summary>
    internal sealed class FakeResolver(params string[] addresses) : IHostNameResolver
    {
        public Task<IPAddress[]> ResolveIPv4Async(string hostName, CancellationToken ct) => addresses.Length == 0
            ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
            : Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

        public Task<IPAddress[]> ResolveAsync(string hostName, CancellationToken ct) =>
            string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase) ? Task.FromResult<IPAddress[]>([IPAddress.Loopback, IPAddress.IPv6Loopback])
            : ResolveIPv4Async(hostName, ct);
    }
}
