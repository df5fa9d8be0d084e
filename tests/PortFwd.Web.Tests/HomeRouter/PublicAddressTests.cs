using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Nat;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.HomeRouter;

public sealed class PublicAddressTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("81.2.69.160", NatKind.None)]
    [InlineData("203.0.113.7", NatKind.None)]
    [InlineData("192.168.0.2", NatKind.DoubleNat)]
    [InlineData("10.1.2.3", NatKind.DoubleNat)]
    [InlineData("100.72.1.1", NatKind.CarrierGradeNat)]
    [InlineData("169.254.1.1", NatKind.Unknown)]
    [InlineData(null, NatKind.Unknown)]
    public void The_nat_kind_follows_the_routers_own_address(string? wan, NatKind expected)
    {
        var info = PublicAddressInfo.FromRouter(Status(wan), At);

        Assert.Equal(expected, info.Nat);
        Assert.Equal(wan, info.RouterWanAddress?.ToString());
        Assert.Equal(At, info.CheckedAt);
    }

    [Fact]
    public void A_public_router_address_is_the_public_address_and_needs_no_warning()
    {
        var info = PublicAddressInfo.FromRouter(Status("81.2.69.160"), At);

        Assert.Equal(IPAddress.Parse("81.2.69.160"), info.Address);
        Assert.Null(info.Warning);
    }

    [Fact]
    public void Behind_double_nat_or_cgnat_the_public_address_is_unknown_and_the_warning_says_why()
    {
        var doubleNat = PublicAddressInfo.FromRouter(Status("192.168.0.2"), At);
        var cgnat = PublicAddressInfo.FromRouter(Status("100.72.1.1"), At);

        Assert.Null(doubleNat.Address);
        Assert.Null(cgnat.Address);
        Assert.Equal("The router's external address 192.168.0.2 is a private address: it sits behind another router (double NAT). Ports opened on it cannot be reached from the internet unless the outer router forwards them too.",
            doubleNat.Warning);
        Assert.Equal("The router's external address 100.72.1.1 is in 100.64.0.0/10: the provider uses carrier-grade NAT. Ports opened on the router cannot be reached from the internet.",
            cgnat.Warning);
    }

    [Fact]
    public void A_router_without_an_address_warns_that_it_reports_none()
    {
        var info = PublicAddressInfo.FromRouter(Status(null) with { ExternalAddressError = new NatError(NatErrorKind.NoExternalAddress, "NAT-PMP: no public address") }, At);

        Assert.StartsWith("The router reports no public IPv4 address.", info.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_tells_its_followers_when_the_address_changes_and_forgets_it_when_the_router_goes()
    {
        var service = new PublicAddress(new FakeTimeProvider());
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = service.Updates.Subscribe(() =>
        {
            changed.TrySetResult();
            return Task.CompletedTask;
        });
        Assert.Equal(NatKind.Unknown, service.Current.Nat);

        service.LearnFromRouter(Status("81.2.69.160"));

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(IPAddress.Parse("81.2.69.160"), service.Current.Address);
        Assert.Equal(NatKind.None, service.Current.Nat);

        service.Forget();

        Assert.Equal(NatKind.Unknown, service.Current.Nat);
        Assert.Null(service.Current.Address);
        Assert.NotNull(service.Current.CheckedAt);
    }

    private static RouterStatus Status(string? wan) =>
        new(RouterProtocol.Upnp, "router", wan is null ? null : IPAddress.Parse(wan), "Connected");
}
