using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using PortFwd.Core.DynamicDns;
using PortFwd.Data.DynamicDns;
using PortFwd.Nat;
using PortFwd.Testing.HomeRouter;
using PortFwd.Web.Certificates;
using PortFwd.Web.Components.Certificates;
using PortFwd.Web.Components.DynamicDns;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Settings;
using PortFwd.Web.Tests.Certificates;
using PortFwd.Web.Tests.DynamicDns;
using PortFwd.Web.Tests.HomeRouter;
using PortFwd.Web.Tests.Localization;
using DdnsPage = PortFwd.Web.Components.Pages.DynamicDns;

namespace PortFwd.Web.Tests.Components;

/// <summary>The router page in Spanish: its own words translated, none of its English left (the router's own messages are not its words).</summary>
public sealed class SpanishRouterPageTests : MudTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly InMemoryRouter _router;

    public SpanishRouterPageTests()
        : this(new InMemoryRouter(TimeProvider.System))
    {
    }

    private SpanishRouterPageTests(InMemoryRouter router)
        : base(services => RouterPageTests.AddRouterServices(services, router))
    {
        _router = router;
        RenderAsLive();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RouterConnection Connection => Services.GetRequiredService<RouterConnection>();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public new async ValueTask DisposeAsync()
    {
        await Connection.CloseAsync(CancellationToken.None);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_router_page_and_its_mapping_table_are_in_Spanish()
    {
        using var spanish = SpanishUi.Use();
        _router.WebPage = new Uri("http://192.168.1.1/");
        Assert.True((await _router.CreatePortMapAsync(new MappingRequest(PortProtocol.Udp, 3074, 3074) { Description = "Game console", Lease = TimeSpan.Zero, InternalClient = System.Net.IPAddress.Parse("192.168.1.30") }, Ct)).IsSuccess);
        await Connection.ConnectAsync(Services.GetRequiredService<IOptionsMonitor<PortFwdOptions>>().CurrentValue.Router, Ct);

        var page = Render<RouterPage>();

        page.WaitForAssertion(() => Assert.Contains("Game console", page.Find("#router-mappings").TextContent, StringComparison.Ordinal), Within);
        Assert.Equal("UPnP / Router", page.Find("h1").TextContent);
        Assert.Equal("Buscar de nuevo", page.Find("#router-search").TextContent.Trim());
        Assert.Equal("Actualizar", page.Find("#router-refresh").TextContent.Trim());
        Assert.Equal("Encontrado", page.Find("#router-state").TextContent.Trim());
        Assert.Equal("Página del propio router", page.Find("#router-web-page").TextContent.Trim());
        var info = page.Find("#router-info").TextContent;
        Assert.Contains("Dirección del router", info, StringComparison.Ordinal);
        Assert.Contains("Dirección pública (externa)", info, StringComparison.Ordinal);
        Assert.Contains("Última comprobación", info, StringComparison.Ordinal);
        Assert.Contains("Las reglas marcadas con", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Abrir en el router", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Asignaciones de puertos en el router", page.Markup, StringComparison.Ordinal);
        var table = page.Find("#router-mappings");
        Assert.Equal(["Puerto externo", "Protocolo", "Reenvía a", "Descripción", "Caduca", "Propietario", "Acciones"],
            table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("nunca", table.TextContent, StringComparison.Ordinal);
        var adopt = page.Find("button[aria-label='Adoptar la asignación 3074/udp como regla']");
        Assert.Equal("Adoptar como regla", adopt.TextContent.Trim());

        Assert.Empty(SpanishUi.EnglishLeftIn(page.Markup, "Router", "Nav.Router", "RuleForm.OpenOnRouter", "Rules.ExternalPort",
            "Common.Refresh", "Common.Name", "Common.Protocol", "Common.Description", "Common.Actions", "Common.Delete"));
    }
}

/// <summary>The Settings page in Spanish: headings, labels, helps, sources and its own check of a number.</summary>
public sealed class SpanishSettingsPageTests() : MudDatabaseTestContext("portfwd-settings-es-", (services, dataDirectory) => SettingsPageTests.AddPageServices(services, dataDirectory))
{
    [Fact]
    public void The_settings_page_is_in_Spanish_and_says_a_number_is_wrong_in_Spanish()
    {
        using var spanish = SpanishUi.Use();

        var page = Render<SettingsPage>();

        Assert.Equal("Ajustes", page.Find("h1").TextContent);
        Assert.Equal(
            ["Cliente del router (UPnP IGD, NAT-PMP, PCP)", "Reenvío", "Historial de tráfico", "Dirección pública", "Sonda de accesibilidad", "Registro de auditoría", "Inicio de sesión"],
            page.FindAll("h2").Select(h => h.TextContent.Trim()));
        Assert.Equal("Guardar", page.Find("#settings-save").TextContent.Trim());
        Assert.Equal("Restablecer", page.Find("#setting-reset-resyncSeconds").TextContent.Trim());
        Assert.Equal("Restablecer Resincronización de reglas (segundos)", page.Find("#setting-reset-resyncSeconds").GetAttribute("aria-label"));
        Assert.Equal("appsettings / entorno", page.Find("#setting-source-routerResyncSeconds").TextContent.Trim());
        Assert.Equal("Predeterminado", page.Find("#setting-source-resyncSeconds").TextContent.Trim());
        Assert.Contains("Uno por línea.", page.Find("#setting-row-publicAddressEchoUrls").TextContent, StringComparison.Ordinal);
        Assert.Contains("Hablar con el router", page.Find("#setting-row-routerEnabled").TextContent, StringComparison.Ordinal);

        page.Find("#setting-resyncSeconds").Input("treinta");
        page.Find("#settings-save").Click();

        page.WaitForAssertion(() => Assert.Contains("«Resincronización de reglas (segundos)» debe ser un número entero.",
            page.Find("#setting-row-resyncSeconds").TextContent, StringComparison.Ordinal));
        Assert.Empty(SpanishUi.EnglishLeftIn(page.Markup, "Settings", "Nav.Settings", "Common.Save"));
    }

    [Fact]
    public void Every_setting_has_its_label_and_help_in_both_languages_and_the_English_is_the_APIs()
    {
        var english = ResxFile.Read("Ui.resx");
        var spanish = ResxFile.Read("Ui.es.resx");

        foreach (var field in SettingFields.All)
        {
            var key = SettingsPage.FieldKey(field);
            Assert.Equal((key, field.Label), (key, english.GetValueOrDefault(key)));
            Assert.Equal((key, field.Help), (key, english.GetValueOrDefault(key + ".Help")));
            Assert.True(spanish.ContainsKey(key) && spanish.ContainsKey(key + ".Help"), key);
        }

        foreach (var group in SettingFields.All.Select(f => f.Group).Distinct())
        {
            var key = SettingsPage.GroupKey(group);
            Assert.Equal((key, group), (key, english.GetValueOrDefault(key)));
        }
    }
}

/// <summary>The Dynamic DNS page and the dashboard's summary of names in Spanish.</summary>
public sealed class SpanishDynamicDnsTests() : MudDatabaseTestContext("portfwd-ddns-es-", (services, dataDirectory) =>
{
    DynamicDnsPageTests.AddPageServices(services, dataDirectory);
    // The summary looks its names up; here it asks no DNS server.
    services.AddSingleton<IHostNameResolver>(new DdnsResolutionTests.FakeResolver("203.0.113.5"));
})
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private DdnsStore Store => Services.GetRequiredService<DdnsStore>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var saved = await Store.CreateAsync(new DdnsDraft { Provider = "duckdns", Hostname = "myname", Token = "tok" }, Ct);
        Assert.True(saved.IsSuccess, string.Join(" ", saved.FieldErrors.SelectMany(e => e.Value)));
    }

    [Fact]
    public async Task The_Dynamic_DNS_page_its_form_and_a_names_history_are_in_Spanish()
    {
        using var spanish = SpanishUi.Use();

        var page = Render<DdnsPage>();

        page.WaitForAssertion(() => Assert.Contains("myname.duckdns.org", page.Find("#ddns-table").TextContent, StringComparison.Ordinal), Within);
        Assert.Equal("DNS dinámico", page.Find("h1").TextContent);
        Assert.Equal("Añadir nombre", page.Find("#add-ddns").TextContent.Trim());
        Assert.Contains("aún desconocida", page.Find("#ddns-address").TextContent, StringComparison.Ordinal);
        Assert.Contains("Dirección pública:", page.Find("#ddns-public-address").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Nombre de host", "Proveedor", "Apunta a", "Último resultado", "Próxima comprobación", "Activado", "Acciones"],
            page.FindAll("#ddns-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("Aún no se ha enviado.", page.Find("#ddns-table tbody").TextContent, StringComparison.Ordinal);
        Assert.Equal("Actualizar ahora", page.Find("button[aria-label='Actualizar myname.duckdns.org ahora']").TextContent.Trim());

        await page.Find("button[aria-label='Historial de myname.duckdns.org']").ClickAsync();
        page.WaitForAssertion(() => Assert.Contains("Aún no se ha enviado ninguna actualización.", page.Find("#ddns-history").TextContent, StringComparison.Ordinal), Within);
        Assert.Contains("Últimas actualizaciones de myname.duckdns.org", page.Markup, StringComparison.Ordinal);
        Assert.Equal(["Hora", "Dirección", "Respuesta"], page.FindAll("#ddns-history thead th").Select(th => th.TextContent.Trim()));

        await page.Find("button[aria-label='Editar myname.duckdns.org']").ClickAsync();
        page.WaitForAssertion(() => Assert.Contains("Cambiar el nombre", page.Find("#ddns-form").TextContent, StringComparison.Ordinal), Within);
        var form = page.Find("#ddns-form").TextContent;
        Assert.Contains("Su nombre de DuckDNS", form, StringComparison.Ordinal);
        Assert.Contains("Token de acceso", form, StringComparison.Ordinal);
        Assert.Contains("Ya guardado. Deje el campo vacío para conservarlo.", form, StringComparison.Ordinal);
        Assert.Contains("URL del servidor (opcional)", form, StringComparison.Ordinal);
        Assert.Contains("IPv4 (registro A: la dirección pública)", form, StringComparison.Ordinal);
        Assert.Equal("Guardar", page.Find("#ddns-save").TextContent.Trim());

        Assert.Empty(SpanishUi.EnglishLeftIn(page.Markup, "Ddns", "Nav.Ddns", "Common.Save", "Common.Cancel", "Common.Edit", "Common.Delete", "Common.Actions"));
    }

    [Fact]
    public void The_dashboards_Dynamic_DNS_summary_has_a_Spanish_heading()
    {
        using var spanish = SpanishUi.Use();

        var summary = Render<DdnsNamesSummary>();

        summary.WaitForElement("#ddns-summary", Within);
        Assert.Equal("DNS dinámico", summary.Find("h6").TextContent.Trim());
        Assert.Empty(SpanishUi.EnglishLeftIn(summary.Markup, "Nav.Ddns"));
    }
}

/// <summary>The certificate upload dialog and the Status page's expiry warning in Spanish.</summary>
public sealed class SpanishCertificatesTests() : MudDatabaseTestContext("portfwd-certificates-es-", (services, dataDirectory) => CertificateUploadDialogTests.AddCertificateServices(services, dataDirectory))
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_upload_dialog_is_in_Spanish()
    {
        using var spanish = SpanishUi.Use();
        var provider = Render<MudDialogProvider>();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CertificateUploadDialog>("Subir un certificado"));

        var dialog = provider.WaitForElement("#certificate-upload-dialog", Within);
        Assert.Contains("Subir un certificado", provider.Find(".mud-dialog-title").TextContent, StringComparison.Ordinal);
        Assert.Contains("Pegue el texto PEM", dialog.TextContent, StringComparison.Ordinal);
        Assert.Equal("Archivo PFX", provider.Find("label[for=certificate-pfx]").TextContent);
        Assert.Contains("Texto PEM", provider.Find("#certificate-upload-dialog").TextContent, StringComparison.Ordinal);
        Assert.Contains("Contraseña (PFX o clave cifrada)", provider.Find("#certificate-upload-dialog").TextContent, StringComparison.Ordinal);
        Assert.Equal("Subir", provider.Find("#certificate-upload").TextContent.Trim());
        Assert.Contains(provider.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == "Cancelar");
        Assert.Empty(SpanishUi.EnglishLeftIn(provider.Markup, "Certificates.Upload", "Certificates.UploadTitle", "Common.Cancel"));
    }

    [Fact]
    public async Task The_expiry_warning_is_in_Spanish()
    {
        using var root = TestCertificates.Authority("Spanish Root");
        using var soon = TestCertificates.Server(["pronto.test"], root, notAfter: DateTimeOffset.UtcNow.AddDays(5));
        var saved = await Services.GetRequiredService<CertificateService>().UploadAsync(new CertificateUpload(TestCertificates.Pem(soon, root), null, null, null), Ct);
        Assert.True(saved.IsSuccess);
        using var spanish = SpanishUi.Use();

        var warning = Render<ExpiringCertificates>();

        var alert = warning.WaitForElement(".expiring-certificate", Within);
        var text = alert.TextContent;
        Assert.Contains("El certificado de", text, StringComparison.Ordinal);
        Assert.Contains("pronto.test", text, StringComparison.Ordinal);
        Assert.Contains("caduca el", text, StringComparison.Ordinal);
        Assert.Contains("y no se ha renovado", text, StringComparison.Ordinal);
        Assert.Equal("Ver Certificados", alert.QuerySelector("a")!.TextContent.Trim());
        Assert.Empty(SpanishUi.EnglishLeftIn(warning.Markup, "Certificates.Expiring"));
    }
}
