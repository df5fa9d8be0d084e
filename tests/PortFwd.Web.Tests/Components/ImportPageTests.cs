using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Data.Rules;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Import;
using PortFwd.Web.Rules;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// The Import page on a real SQLite file: a preview shows the rules and the lines in the way, Import is offered only for a
/// preview of the text as it is with nothing in the way, and an import stores every rule and links to Port Forwarding.
/// </summary>
public sealed class ImportPageTests() : MudDatabaseTestContext("portfwd-import-page-", AddPageServices)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPortFwdData(dataDirectory);
        services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
        services.AddSingleton<IServer, NoServer>();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<PortFwd.Web.Hosting.IHostNameResolver>(new DynamicDns.DdnsResolutionTests.FakeResolver());
        services.AddSingleton<PanelPorts>();
        services.AddSingleton<RuleImport>();
    }

    private RuleStore Store => Services.GetRequiredService<RuleStore>();

    private static bool IsDisabled(IRenderedComponent<ImportPage> page, string selector) => page.Find(selector).HasAttribute("disabled");

    private static List<string> RuleRows(IRenderedComponent<ImportPage> page) =>
        [.. page.FindAll("#import-rules tbody tr.mud-table-row").Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim())))];

    private IRenderedComponent<ImportPage> Preview(string text)
    {
        RenderAsLive();
        var page = Render<ImportPage>();
        page.Find("#import-text").Input(text);
        Assert.True(IsDisabled(page, "#import-apply"), "Import must wait for a preview");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-ready, #import-blocked", Within);
        return page;
    }

    [Fact]
    public async Task A_clean_preview_lists_the_rules_and_import_stores_them_all_and_links_to_port_forwarding()
    {
        var page = Preview("logfile /var/log/rinetd.log\n0.0.0.0 18201 192.168.1.20 80\n0.0.0.0 18202/udp 192.168.1.21 53/udp\n");

        Assert.Equal(
            ["2 | rinetd line 2 | TCP | 18201 | 192.168.1.20:80 | anyone", "3 | rinetd line 3 | UDP | 18202 | 192.168.1.21:53 | anyone"],
            RuleRows(page));
        Assert.Contains("logfile", page.Find("#import-notes").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#import-problems"));
        Assert.False(IsDisabled(page, "#import-apply"));

        page.Find("#import-apply").Click();
        page.WaitForElement("#import-done", Within);

        Assert.Equal("port-forwarding", page.Find("#import-done-link").GetAttribute("href"));
        Assert.Contains("2 rules", page.Find("#import-done").TextContent, StringComparison.Ordinal);
        Assert.Equal(["rinetd line 2", "rinetd line 3"], (await Store.GetAllAsync(Ct)).Select(r => r.Name));
        Assert.True(IsDisabled(page, "#import-apply"), "the same text must not be imported twice by a second click");
    }

    [Fact]
    public async Task A_line_in_the_way_is_shown_with_its_field_and_import_stays_off()
    {
        var saved = await Store.CreateAsync(
            new RuleDraft { Name = "NAS", Protocol = "tcp", ExternalPort = 18301, InternalHost = "192.168.1.5", InternalPort = 80 }, RuleValidationContext.Empty, Ct);
        Assert.True(saved.IsSuccess);

        var page = Preview("0.0.0.0 18300 192.168.1.20 80\n0.0.0.0 18301 192.168.1.21 80\n");

        var problem = page.Find("#import-problems tr.import-problem[data-line='2']");
        Assert.Contains("externalPort", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"NAS\"", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 line cannot be imported", page.Find("#import-blocked").TextContent, StringComparison.Ordinal);
        Assert.Single(RuleRows(page));
        Assert.True(IsDisabled(page, "#import-apply"));
        Assert.Equal(["NAS"], (await Store.GetAllAsync(Ct)).Select(r => r.Name));
    }

    [Fact]
    public void Changing_the_text_after_a_preview_asks_for_a_new_one()
    {
        var page = Preview("0.0.0.0 18401 192.168.1.20 80\n");
        Assert.False(IsDisabled(page, "#import-apply"));

        page.Find("#import-text").Input("0.0.0.0 18402 192.168.1.20 80\n");

        Assert.True(IsDisabled(page, "#import-apply"));
        Assert.Empty(page.FindAll("#import-rules"));
    }

    [Fact]
    public void A_chosen_file_fills_the_text()
    {
        RenderAsLive();
        var page = Render<ImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("0.0.0.0 18501 192.168.1.20 80\n", "rinetd.conf"));

        page.WaitForAssertion(() => Assert.Equal("rinetd.conf", page.Find("#import-file-name").TextContent), Within);
        Assert.Equal("0.0.0.0 18501 192.168.1.20 80\n", page.Find("#import-text").GetAttribute("value"));
        Assert.False(IsDisabled(page, "#import-preview"));
    }

    [Fact]
    public void Before_the_circuit_connects_nothing_is_clickable()
    {
        RenderAsPrerendered();
        var page = Render<ImportPage>();

        Assert.All(new[] { "#import-text", "#import-file", "#import-preview", "#import-apply" }, selector => Assert.True(IsDisabled(page, selector), selector));
    }

    [Fact]
    public async Task In_Spanish_the_preview_its_tables_and_the_import_speak_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.SpanishCulture.Use(this);
        var saved = await Store.CreateAsync(
            new RuleDraft { Name = "NAS", Protocol = "tcp", ExternalPort = 18601, InternalHost = "192.168.1.5", InternalPort = 80 }, RuleValidationContext.Empty, Ct);
        Assert.True(saved.IsSuccess);

        var page = Preview("logfile /var/log/rinetd.log\n0.0.0.0 18600 192.168.1.20 80\n0.0.0.0 18601 192.168.1.21 80\n");

        Assert.Equal("Importar reglas", page.Find("h1").TextContent.Trim());
        Assert.Equal(["Elegir un archivo", "Vista previa", "Importar"], page.FindAll("#import-file, #import-preview, #import-apply").Select(b => b.TextContent.Trim()));
        Assert.Equal("1 línea no se puede importar, así que no se importará nada: corríjala o quítela del texto y vuelva a ver la vista previa.",
            page.Find("#import-blocked").TextContent.Trim());
        Assert.Equal(["Línea", "Nombre", "Protocolo", "Puerto externo", "Host:puerto interno", "Orígenes permitidos"],
            page.FindAll("#import-rules thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["2 | rinetd, línea 2 | TCP | 18600 | 192.168.1.20:80 | cualquiera"], RuleRows(page));
        Assert.Equal(["Línea", "Texto", "Campo", "Motivo"], page.FindAll("#import-problems thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["Línea", "Texto", "Motivo"], page.FindAll("#import-notes thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("Reglas que se añadirán", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Líneas omitidas", page.Markup, StringComparison.Ordinal);
        Assert.Empty(PortFwd.Web.Tests.Localization.SpanishUi.EnglishLeftIn(page.Markup, "Import"));

        page.Find("#import-text").Input("0.0.0.0 18602 192.168.1.20 80\n0.0.0.0 18603 192.168.1.20 81\n");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-ready", Within);
        Assert.StartsWith("Se añadirán 2 reglas, activadas", page.Find("#import-ready").TextContent.Trim(), StringComparison.Ordinal);
        page.Find("#import-apply").Click();
        page.WaitForElement("#import-done", Within);
        Assert.Contains("Se han importado 2 reglas de rinetd (archivo rinetd.conf)", page.Find("#import-done").TextContent, StringComparison.Ordinal);
        Assert.Equal("Abrir Reenvío de puertos", page.Find("#import-done-link").TextContent.Trim());
    }

    [Fact]
    public void In_Spanish_the_lines_of_a_real_rinetd_conf_that_cannot_be_imported_say_why_in_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.SpanishCulture.Use(this);

        var page = Preview(File.ReadAllText(PortFwd.Testing.RepositoryFiles.PathOf("tests", "PortFwd.Import.Tests", "Samples", "rinetd.conf")));

        string Why(string kind, int line) => page.Find($"#import-{kind}s tr.import-{kind}[data-line='{line}'] td:last-child").TextContent.Trim();
        Assert.Equal("Este reenvío recibe TCP y envía UDP; PortFwd reenvía cada protocolo como tal, así que no se puede importar.", Why("problem", 20));
        Assert.Equal("«smb» es un nombre de servicio que la importación no conoce; escriba en su lugar el número de puerto.", Why("problem", 21));
        Assert.Equal("No es una línea de rinetd: un reenvío es «bindaddress bindport connectaddress connectport», como «0.0.0.0 8080 192.168.1.20 80».", Why("problem", 30));
        Assert.Equal("«rinetd, línea 26»: Esto reenviaría el puerto a sí mismo en este equipo; elija otro puerto o host interno.", Why("problem", 26));
        Assert.Equal("PortFwd se ejecuta como su propio servicio y no necesita archivo pid.", Why("note", 11));
        Assert.Equal("Opciones que no se trasladan: timeout (PortFwd termina las sesiones UDP inactivas con su propio temporizador).", Why("note", 19));
        Assert.DoesNotContain("cannot be imported", page.Markup, StringComparison.Ordinal);
    }

    /// <summary>The live page with <paramref name="chosen"/> as the format.</summary>
    private async Task<IRenderedComponent<ImportPage>> RenderPageAsync(PortFwd.Import.ImportFormat chosen)
    {
        RenderAsLive();
        var page = Render<ImportPage>();
        var format = page.FindComponent<MudBlazor.MudSelect<PortFwd.Import.ImportFormat>>();
        await page.InvokeAsync(() => format.Instance.ValueChanged.InvokeAsync(chosen));
        return page;
    }

    /// <summary>Why a line is a problem or a note, as the page says it.</summary>
    private static string WhyLine(IRenderedComponent<ImportPage> page, string kind, int line) =>
        page.Find($"#import-{kind}s tr.import-{kind}[data-line='{line}'] td:last-child").TextContent.Trim();

    [Fact]
    public async Task In_Spanish_what_a_real_frpc_toml_leaves_behind_is_said_in_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.InLanguage.Use("es");
        var page = await RenderPageAsync(PortFwd.Import.ImportFormat.Frpc);
        page.Find("#import-text").Input(File.ReadAllText(PortFwd.Testing.RepositoryFiles.PathOf("tests", "PortFwd.Import.Tests", "Samples", "frpc.toml")));
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-ready, #import-blocked", Within);

        string Why(string kind, int line) => WhyLine(page, kind, line);
        Assert.Equal("«ssh»: transport.bandwidthLimit no se traslada; PortFwd no limita el ancho de banda.", Why("note", 15));
        Assert.Equal("«web»: subdomain no se traslada (es un nombre bajo el subdomainHost de frps); la regla responde a sus customDomains.", Why("note", 30));
        Assert.Equal("«random»: remotePort 0 deja que frps elija un puerto al azar; ponga en remotePort el puerto que usa y vuelva a importar.", Why("problem", 77));
        Assert.Equal("«from-env»: localIP toma su valor de una plantilla (\"{{ .Envs.TARGET_IP }}\"), que frpc rellena al arrancar y la importación no puede.",
            Why("problem", 99));
        Assert.DoesNotContain("is not carried over", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("frps pick a random port", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Spanish_the_new_rules_keep_Spanish_descriptions_and_an_unnamed_frp_proxy_is_called_by_its_line_in_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.InLanguage.Use("es");
        var page = await RenderPageAsync(PortFwd.Import.ImportFormat.Frpc);

        page.Find("#import-text").Input("[[proxies]]\ntype = \"xtcp\"\nlocalPort = 22\n");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-blocked", Within);
        Assert.Equal("«proxy de la línea 1»: los proxies xtcp necesitan visitantes de frps; PortFwd solo reenvía tcp, udp y http.", WhyLine(page, "problem", 1));

        page.Find("#import-text").Input(
            "[[proxies]]\ntype = \"tcp\"\nlocalIP = \"192.168.1.20\"\nlocalPort = 22\nremotePort = 18701\n\n"
            + "[[proxies]]\nname = \"web\"\ntype = \"http\"\nlocalIP = \"192.168.1.21\"\nlocalPort = 8080\ncustomDomains = [\"www.example.com\"]\n");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-ready", Within);
        Assert.Equal("1 | proxy de la línea 1 | TCP | 18701 | 192.168.1.20:22 | cualquiera", RuleRows(page)[0]);
        page.Find("#import-apply").Click();
        page.WaitForElement("#import-done", Within);

        Assert.Equal(
            [
                ("proxy de la línea 1", "Importada de frpc.toml, línea 1"),
                ("web", "Importada de frpc.toml, línea 7; el vhostHTTPPort de frps no está en el archivo de frpc, así que responde en el puerto 80"),
            ],
            (await Store.GetAllAsync(Ct)).Select(r => (r.Name, r.Description)).OrderBy(r => r.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task In_Spanish_an_iptables_import_says_why_a_rule_cannot_be_imported_and_names_its_rules_in_Spanish()
    {
        using var spanish = PortFwd.Web.Tests.Localization.InLanguage.Use("es");
        var page = await RenderPageAsync(PortFwd.Import.ImportFormat.Iptables);

        page.Find("#import-text").Input(
            "*nat\n-A PREROUTING -p tcp --sport 1024 --dport 18800 -j DNAT --to-destination 192.168.1.20\n"
            + "-A PREROUTING -p tcp --dport 18801 -j DNAT\n"
            + "-A PREROUTING -p tcp --dport 18802 -m mark --mark 1 -j DNAT --to-destination 192.168.1.20\nCOMMIT\n");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-blocked", Within);
        Assert.Equal(
            "Afecta al puerto de origen del cliente (1024); PortFwd reenvía según el puerto al que se conecta, desde cualquier puerto de origen.",
            WhyLine(page, "problem", 2));
        Assert.Equal("La regla no indica ninguna dirección a la que reenviar.", WhyLine(page, "problem", 3));
        Assert.Equal(
            "-m mark restringe lo que se reenvía de una forma que PortFwd no puede reproducir; añada la regla a mano si esa parte no es relevante.",
            WhyLine(page, "problem", 4));
        Assert.DoesNotContain("source port", page.Markup, StringComparison.Ordinal);

        page.Find("#import-text").Input(
            "*nat\n-A PREROUTING -p tcp -m multiport --dports 18803,18804 -j DNAT --to-destination 192.168.1.21\n"
            + "-A PREROUTING -p udp --dport 18805 -j DNAT --to-destination 192.168.1.22:53\nCOMMIT\n");
        page.Find("#import-preview").Click();
        page.WaitForElement("#import-ready", Within);
        Assert.Equal(
            [
                "2 | iptables, línea 2, puerto 18803 | TCP | 18803 | 192.168.1.21:18803 | cualquiera",
                "2 | iptables, línea 2, puerto 18804 | TCP | 18804 | 192.168.1.21:18804 | cualquiera",
                "3 | iptables, línea 3 | UDP | 18805 | 192.168.1.22:53 | cualquiera",
            ],
            RuleRows(page));
        page.Find("#import-apply").Click();
        page.WaitForElement("#import-done", Within);

        Assert.Equal(
            [
                ("iptables, línea 2, puerto 18803", "Importada de iptables-save, línea 2"),
                ("iptables, línea 2, puerto 18804", "Importada de iptables-save, línea 2"),
                ("iptables, línea 3", "Importada de iptables-save, línea 3"),
            ],
            (await Store.GetAllAsync(Ct)).Select(r => (r.Name, r.Description)).OrderBy(r => r.Name, StringComparer.Ordinal));
    }
}
