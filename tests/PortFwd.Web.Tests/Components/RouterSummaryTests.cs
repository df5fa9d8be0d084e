using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Nat;
using PortFwd.Web.Components.HomeRouter;
using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.Tests.Components;

/// <summary>The Status page's router card and NAT banner: the NAT kind in words and the banner for each kind, following the public address.</summary>
public sealed class RouterSummaryTests : MudTestContext
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    /// <summary>How the router's own warning (<see cref="RouterStatus.Warning"/>) begins for a private or shared address.</summary>
    private const string RouterWarningStart = "The router's external address";

    public RouterSummaryTests()
        : base(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<RouterStatusBoard>();
            services.AddSingleton<PublicAddress>();
        }) => RenderAsLive();

    private PublicAddress PublicAddress => Services.GetRequiredService<PublicAddress>();

    private RouterStatusBoard Board => Services.GetRequiredService<RouterStatusBoard>();

    /// <summary>What the router says, as the router client passes it on.</summary>
    private void RouterSays(string? wanAddress)
    {
        var address = wanAddress is null ? null : IPAddress.Parse(wanAddress);
        var learned = PublicAddress.LearnFromRouter(new RouterStatus(RouterProtocol.Upnp, "Home router", address, "Connected"));
        Board.SetSnapshot(new RouterSnapshot(RouterState.Found, "Found Home router (UPnP).")
        {
            Protocol = RouterProtocol.Upnp,
            Name = "Home router",
            ExternalAddress = address,
            Warning = learned.Warning,
        });
    }

    [Theory]
    [MemberData(nameof(RouterPageTests.NatKinds), MemberType = typeof(RouterPageTests))]
    public void The_router_card_names_the_NAT_and_the_banner_matches_it(string? wanAddress, string nat, string words, string? banner)
    {
        RouterSays(wanAddress);

        var card = Render<RouterSummary>();
        var banners = Render<NatBanner>();

        var line = card.Find("#router-summary-nat");
        Assert.Equal($"NAT in front of the router: {words}", line.TextContent.Trim());
        Assert.Equal(nat, line.GetAttribute("data-nat"));
        Assert.Equal(banner == "cgnat-banner", banners.FindAll("#cgnat-banner").Count == 1);
        Assert.Equal(banner == "double-nat-banner", banners.FindAll("#double-nat-banner").Count == 1);
        if (banner is not null)
        {
            // The banner explains it: the card does not repeat the router's warning.
            Assert.DoesNotContain(RouterWarningStart, card.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Before_the_router_tells_the_NAT_is_not_known_yet_and_no_banner_shows()
    {
        Board.SetSnapshot(new RouterSnapshot(RouterState.Searching, "Looking for the router…"));

        var card = Render<RouterSummary>();
        var banners = Render<NatBanner>();

        Assert.Equal("NAT in front of the router: not known yet", card.Find("#router-summary-nat").TextContent.Trim());
        Assert.Empty(banners.FindAll(".mud-alert"));
    }

    [Fact]
    public void With_the_router_client_off_the_card_does_not_guess_the_NAT()
    {
        Board.SetSnapshot(new RouterSnapshot(RouterState.Off, "off"));

        var card = Render<RouterSummary>();

        Assert.Empty(card.FindAll("#router-summary-nat"));
    }

    [Fact]
    public void The_card_and_the_banner_follow_the_public_address()
    {
        RouterSays("198.51.100.1");
        var card = Render<RouterSummary>();
        var banners = Render<NatBanner>();
        Assert.Empty(banners.FindAll("#cgnat-banner"));

        // Only the public address learns it, not the board: the card must follow the public address itself.
        PublicAddress.LearnFromRouter(new RouterStatus(RouterProtocol.Upnp, "Home router", IPAddress.Parse("100.64.0.1"), "Connected"));

        banners.WaitForElement("#cgnat-banner", Within);
        card.WaitForAssertion(() => Assert.Equal("carrier-grade-nat", card.Find("#router-summary-nat").GetAttribute("data-nat")), Within);

        RouterSays("192.168.178.20");

        banners.WaitForElement("#double-nat-banner", Within);
        Assert.Empty(banners.FindAll("#cgnat-banner"));
    }
}
