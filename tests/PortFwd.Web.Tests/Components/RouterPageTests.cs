using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.HomeRouter;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>The router page with a router in memory found by the real router client: the NAT in front of it in
/// words, the banners for carrier-grade and double NAT, and the link to the router's own page.</summary>
public sealed class RouterPageTests : MudTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly InMemoryRouter _router;

    public RouterPageTests()
        : this(new InMemoryRouter(TimeProvider.System))
    {
    }

    private RouterPageTests(InMemoryRouter router)
        : base(services => AddRouterServices(services, router))
    {
        _router = router;
        RenderAsLive();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RouterConnection Connection => Services.GetRequiredService<RouterConnection>();

    internal static void AddRouterServices(IServiceCollection services, InMemoryRouter router)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IOptionsMonitor<PortFwdOptions>>(new Fakes.SettableOptions<PortFwdOptions>(new PortFwdOptions
        {
            Router = new RouterOptions { ResyncSeconds = 3600, LocalAddress = "192.168.1.10", Gateway = "192.168.1.1" },
        }));
        services.AddSingleton<RouterStatusBoard>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<IRouterFinder>(new InMemoryRouterFinder(router));
        services.AddSingleton<RouterConnection>();
        services.AddSingleton<IRuleSource, SavedRules>();
        services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
        services.AddSingleton<RouterMappingReconciler>();
        services.AddSingleton<RouterTable>();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public new async ValueTask DisposeAsync()
    {
        await Connection.CloseAsync(CancellationToken.None);
        await base.DisposeAsync();
    }

    /// <summary>The router's WAN address, the NAT kind the page names, its words, and which banner it shows.</summary>
    public static TheoryData<string?, string, string, string?> NatKinds => new()
    {
        { "198.51.100.1", "none", "none — the router's address is public", null },
        { "203.0.113.7", "none", "none — the router's address is public", null },
        { "192.168.0.2", "double-nat", "double NAT — another router sits in front (often the provider's box)", "double-nat-banner" },
        { "10.1.2.3", "double-nat", "double NAT — another router sits in front (often the provider's box)", "double-nat-banner" },
        { "100.64.1.2", "carrier-grade-nat", "carrier-grade NAT — the provider shares one public address among customers", "cgnat-banner" },
        { null, "unknown", "not known yet", null },
    };

    [Theory]
    [MemberData(nameof(NatKinds))]
    public async Task The_page_names_the_NAT_in_front_of_the_router_and_shows_its_banner(string? wanAddress, string nat, string words, string? banner)
    {
        _router.ExternalAddress = wanAddress is null ? null : IPAddress.Parse(wanAddress);
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        page.WaitForAssertion(() => Assert.Equal(words, page.Find("#router-nat").TextContent.Trim()), Within);
        Assert.Equal(nat, page.Find("#router-nat").GetAttribute("data-nat"));
        Assert.Equal(banner == "cgnat-banner", page.FindAll("#cgnat-banner").Count == 1);
        Assert.Equal(banner == "double-nat-banner", page.FindAll("#double-nat-banner").Count == 1);
        if (banner is not null)
        {
            // The banner says it; the router's own warning would say it a second time.
            Assert.Empty(page.FindAll("#router-warning"));
        }
    }

    [Theory]
    [InlineData("100.64.1.2", "#cgnat-banner", "El reenvío de puertos no puede funcionar desde internet por IPv4.", "CG-NAT: el proveedor comparte")]
    [InlineData("192.168.0.2", "#double-nat-banner", "Hay otro router delante de este (doble NAT).", "doble NAT: hay otro router delante")]
    public async Task In_Spanish_the_NAT_row_and_its_banner_are_Spanish(string wanAddress, string banner, string title, string words)
    {
        using var spanish = SpanishUi.Use();
        _router.ExternalAddress = IPAddress.Parse(wanAddress);
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        var shown = page.WaitForElement(banner, Within).TextContent;
        Assert.Contains(title, shown, StringComparison.Ordinal);
        Assert.Contains($"router ({wanAddress})", shown, StringComparison.Ordinal);
        Assert.StartsWith(words, page.Find("#router-nat").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(SpanishUi.EnglishLeftIn(page.Markup, "Nat"));
    }

    [Fact]
    public async Task Behind_carrier_grade_NAT_the_banner_is_an_error_that_says_what_to_do()
    {
        _router.ExternalAddress = IPAddress.Parse("100.64.1.2");
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        var banner = page.WaitForElement("#cgnat-banner", Within);
        Assert.Contains("mud-alert-text-error", banner.ClassName, StringComparison.Ordinal);
        var text = banner.TextContent;
        Assert.Contains("Port forwarding cannot work from the internet over IPv4.", text, StringComparison.Ordinal);
        Assert.Contains("100.64.1.2", text, StringComparison.Ordinal);
        Assert.Contains("ask the provider for a public IPv4 address", text, StringComparison.Ordinal);
        Assert.Contains("IPv6", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_double_NAT_the_banner_is_a_warning_about_the_outer_router()
    {
        _router.ExternalAddress = IPAddress.Parse("192.168.0.2");
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        var banner = page.WaitForElement("#double-nat-banner", Within);
        Assert.Contains("mud-alert-text-warning", banner.ClassName, StringComparison.Ordinal);
        Assert.Contains("outer router forwards the same port to this router (192.168.0.2)", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains("bridge mode", banner.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_follows_the_public_address_when_the_router_moves_behind_carrier_grade_NAT()
    {
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);
        var page = Render<RouterPage>();
        page.WaitForAssertion(() => Assert.Equal("none", page.Find("#router-nat").GetAttribute("data-nat")), Within);
        Assert.Empty(page.FindAll("#cgnat-banner"));

        // Only the public address learns it (as when the echo services or the router's next status tell), not the board.
        Services.GetRequiredService<PublicAddress>().LearnFromRouter(
            new RouterStatus(RouterProtocol.Upnp, _router.Name, IPAddress.Parse("100.64.9.9"), "Connected"));

        page.WaitForAssertion(() => Assert.Equal("carrier-grade-nat", page.Find("#router-nat").GetAttribute("data-nat")), Within);
        page.WaitForElement("#cgnat-banner", Within);
    }

    [Fact]
    public async Task The_routers_own_page_is_a_link_that_opens_apart_from_the_panel()
    {
        _router.WebPage = new Uri("http://192.168.1.1/setup.htm");
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        var link = page.WaitForElement("#router-web-page", Within);
        Assert.Equal("Router's own page", link.TextContent.Trim());
        Assert.Equal("http://192.168.1.1/setup.htm", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Contains("noopener", link.GetAttribute("rel")!.Split(' '));
    }

    [Fact]
    public async Task Without_a_page_from_the_router_there_is_no_link()
    {
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        page.WaitForElement("#router-name", Within);
        Assert.Empty(page.FindAll("#router-web-page"));
    }
}
