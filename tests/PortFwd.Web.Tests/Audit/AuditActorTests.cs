using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.Rules;
using PortFwd.Data.Audit;
using PortFwd.Data.Rules;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.Audit;
using PortFwd.Web.Certificates;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Rules;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Certificates;
using PortFwd.Web.Tests.HomeRouter;

namespace PortFwd.Web.Tests.Audit;

/// <summary>
/// Changes made from the pages (a circuit's user and address), by the router page, by the set-up form and by the panel
/// itself (ACME), each recorded with the right actor.
/// </summary>
public sealed class AuditActorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rule_switched_off_on_a_page_is_recorded_as_a_toggle_by_the_circuits_user_from_its_address()
    {
        await using var factory = new PanelFactory { TestServices = AuditPanel.AddClientAddresses };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var rule = await api.CreateRuleAsync(PanelApi.Rule("Switched", LoopbackPorts.Free()), Ct);
        var id = (int)rule["id"]!;
        var connection = new DefaultHttpContext();
        connection.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.168.1.77");
        var circuit = new CircuitAuditActor(new SignedIn("alice"), new HttpContextAccessor { HttpContext = connection });
        var store = factory.Services.GetRequiredService<RuleStore>();
        var panel = factory.Services.GetRequiredService<PanelPorts>();

        // What the Port Forwarding page's switch does, run as the circuit runs a browser event.
        var handler = circuit.CreateInboundActivityHandler(async _ =>
            Assert.True((await store.SetEnabledAsync(id, false, await panel.ValidationContextAsync(new RuleDraft(), Ct), Ct)).IsSuccess));
        await handler(null!);

        var entry = await api.NewestAsync("rule.toggle");
        Assert.Equal(("alice", "panel", "192.168.1.77", "rule.toggle", $"rule {id} \"Switched\""), AuditPanel.Summary(entry));
        Assert.Equal((true, false), ((bool)entry["before"]!["enabled"]!, (bool)entry["after"]!["enabled"]!));
        Assert.Equal(AuditActor.System, AuditTrail.Actor);
    }

    [Fact]
    public async Task Deleting_a_mapping_from_the_router_and_adopting_one_as_a_rule_are_recorded_as_router_changes()
    {
        var router = new InMemoryRouter(TimeProvider.System) { ExternalAddress = IPAddress.Parse("198.51.100.1") };
        await using var factory = new PanelFactory(settings: new Dictionary<string, string?>
        {
            ["PortFwd:Router:Enabled"] = "true",
            ["PortFwd:Router:LocalAddress"] = "192.168.1.10",
            ["PortFwd:Router:Gateway"] = "192.168.1.1",
        })
        {
            TestServices = services =>
            {
                AuditPanel.AddClientAddresses(services);
                services.AddSingleton<IRouterFinder>(new InMemoryRouterFinder(router));
            },
        };
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var port = LoopbackPorts.Free();
        var open = PanelApi.Rule("Mapped", port);
        open["openOnRouter"] = true;
        await api.CreateRuleAsync(open, Ct);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !router.Table.Any(m => m.ExternalPort == port); await Task.Delay(25, Ct))
        {
            Assert.True(DateTime.UtcNow < deadline, "The rule's mapping never reached the router.");
        }

        using (var deleted = await api.DeleteAsync($"/api/router/mappings/tcp/{port}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var remove = await api.NewestAsync("router.remove");
        Assert.Equal(("admin", "token", "192.0.2.10", "router.remove", $"mapping {port}/tcp"), AuditPanel.Summary(remove));
        Assert.Equal(("192.168.1.10", port), ((string?)remove["before"]!["internalClient"], (int)remove["before"]!["externalPort"]!));

        // "Adopt as rule" on the router page: the rule dialog saves the mapping's draft this way.
        var mapping = new RouterMappingView(PortFwd.Nat.PortProtocol.Tcp, LoopbackPorts.Free(), "192.168.1.40", 3389, "Desktop", false, null, null, true, null);
        var draft = MappingAdoption.DraftFrom(mapping);
        using (AuditTrail.Use(new AuditActor("alice", "192.168.1.77", AuditVia.Panel)))
        {
            var context = await factory.Services.GetRequiredService<PanelPorts>().ValidationContextAsync(draft, Ct);
            Assert.True((await factory.Services.GetRequiredService<RuleStore>().AdoptAsync(draft, context, Ct)).IsSuccess);
        }

        var adopt = await api.NewestAsync("router.adopt");
        Assert.Equal(("alice", "192.168.1.77", "Desktop", "192.168.1.40"),
            ((string?)adopt["actor"], (string?)adopt["clientAddress"], (string?)adopt["after"]!["name"], (string?)adopt["after"]!["internalHost"]));
    }

    [Fact]
    public async Task A_certificate_issued_and_renewed_by_ACME_is_recorded_as_the_systems_with_its_key_masked()
    {
        await using var factory = new PanelFactory();
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct));
        var certificates = factory.Services.GetRequiredService<CertificateService>();
        using var first = TestCertificates.Server(["acme-audit.test"]);
        using var second = TestCertificates.Server(["acme-audit.test"]);

        var issued = await certificates.StoreIssuedAsync(["acme-audit.test"], first.ExportCertificatePem(), TestCertificates.KeyPem(first), Ct);
        await certificates.StoreIssuedAsync(["acme-audit.test"], second.ExportCertificatePem(), TestCertificates.KeyPem(second), Ct);

        var issue = await api.NewestAsync("certificate.issue");
        var renew = await api.NewestAsync("certificate.renew");
        Assert.Equal(("system", "system", null, "certificate.issue", $"certificate {issued.Id} \"acme-audit.test\""), AuditPanel.Summary(issue));
        Assert.Equal((Sha256(first), Sha256(second)), ((string?)renew["before"]!["thumbprint"], (string?)renew["after"]!["thumbprint"]));
        Assert.Equal("••••", (string?)renew["after"]!["privateKey"]);
    }

    [Fact]
    public async Task The_set_up_form_records_the_first_account_from_the_address_it_came_from()
    {
        await using var factory = new PanelFactory(adminPassword: null) { TestServices = AuditPanel.AddClientAddresses };
        using var browser = factory.BrowserClient();
        browser.DefaultRequestHeaders.Add(AuditPanel.AddressHeader, "192.168.1.50");

        using var setup = await browser.PostFormAsync("/setup", "/account/setup",
            new Dictionary<string, string> { ["username"] = "owner", ["password"] = "owner-Passw0rd!", ["confirmPassword"] = "owner-Passw0rd!" }, Ct);

        Assert.Equal("/", setup.RedirectTarget());
        using var api = factory.BearerClient(await factory.RequestTokenAsync(Ct, "owner", "owner-Passw0rd!"));
        var entry = Assert.Single(await api.AuditAsync("action=account"))!;
        Assert.Equal(("anonymous", "anonymous", "192.168.1.50", "account.create", "account \"owner\""), AuditPanel.Summary(entry));
        Assert.DoesNotContain("owner-Passw0rd!", entry.ToJsonString(), StringComparison.Ordinal);
    }

    private static string Sha256(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    private sealed class SignedIn(string user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "Cookies"))));
    }
}
