using System.Net;
using System.Net.Sockets;
using Bunit;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.Components.Reachability;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// What the reachability checker itself found, shown in a Spanish panel: the steps' sentences and what to do read in
/// Spanish from their codes, with the addresses and ports as they were; the API's English is the same as before.
/// </summary>
public sealed class SpanishCheckStepsTests : MudTestContext
{
    private static readonly ForwardingRule Rule = new()
    {
        Id = 7, Name = "Servidor web", Protocol = Protocol.TcpUdp, ExternalPort = 25565, InternalHost = "192.168.1.20", InternalPort = 25565, OpenOnRouter = false,
    };

    private static ReachabilityReport Report(params CheckStep[] steps) => new(Rule.Id, DateTimeOffset.UnixEpoch, steps, Finished: true);

    private static CheckStep Refused() => ServiceCheck.Unanswered(Rule, 25565, SocketError.ConnectionRefused);

    private static CheckStep NotForwarded() => RouterCheck.Missing(Rule, PortProtocol.Tcp, 25565, status: null, routerTableListed: true,
        RouterCheck.ManualSaid(Rule, IPAddress.Parse("192.168.1.5"), ReachabilityMessages.RouterPageUsually.With(IPAddress.Parse("192.168.1.1"))));

    [Fact]
    public void A_Spanish_panel_shows_the_checkers_findings_and_fixes_in_Spanish()
    {
        using var spanish = SpanishCulture.Use(this);

        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(Refused(), NotForwarded(), InternetCheck.Off)));

        Assert.Equal("Nada escucha en 192.168.1.20:25565: se rechazó la conexión.", list.Find("li[data-step='service'] .reach-step-message").TextContent);
        Assert.Equal("Qué hacer: Inicie el servicio en 192.168.1.20 y compruebe que escucha en el puerto 25565 en una dirección a la que este equipo pueda llegar (no solo 127.0.0.1 cuando se ejecuta en otro dispositivo).",
            list.Find("li[data-step='service'] .reach-step-fix").TextContent);
        Assert.Equal("El router no reenvía TCP 25565, y «Abrir en el router» está desactivado en esta regla.", list.Find("li[data-step='router'] .reach-step-message").TextContent);
        // The manual forwarding is built of parts: each of them in Spanish too.
        Assert.Equal("Qué hacer: En la página propia del router (normalmente http://192.168.1.1/), en «Reenvío de puertos» (también llamado «Servidores virtuales» o «NAT»), "
            + "reenvíe TCP y UDP 25565 a 192.168.1.5 puerto 25565, o active «Abrir en el router» en esta regla y deje que lo haga PortFwd.",
            list.Find("li[data-step='router'] .reach-step-fix").TextContent);
        Assert.StartsWith("Nada intentó conectarse desde internet", list.Find("li[data-step='internet'] .reach-step-message").TextContent, StringComparison.Ordinal);
        Assert.Empty(SpanishUi.EnglishLeftIn(list.Markup, "Msg.Reach"));
    }

    [Fact]
    public void The_API_and_an_English_panel_keep_the_English_sentences()
    {
        var response = ReachabilityResponse.From(Report(Refused(), NotForwarded()));

        Assert.Equal("Nothing listens at 192.168.1.20:25565: the connection was refused.", response.Steps[0].Message);
        Assert.Equal("On the router's own page (usually http://192.168.1.1/), under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), "
            + "forward TCP and UDP 25565 to 192.168.1.5 port 25565, or turn on \"Open on router\" for this rule and let PortFwd do it.", response.Steps[1].Fix);
        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(Refused(), NotForwarded())));
        Assert.Equal(response.Steps[0].Message, list.Find("li[data-step='service'] .reach-step-message").TextContent);
        Assert.Equal("What to do: " + response.Steps[1].Fix, list.Find("li[data-step='router'] .reach-step-fix").TextContent);
    }

    [Fact]
    public void What_the_outside_probe_failed_with_is_said_in_Spanish_inside_the_internet_step()
    {
        var step = InternetCheck.Describe(new CheckContext(Rule), ProbeResult.Fail(ReachabilityMessages.ProbeTimedOut.With("ifconfig.co")));

        Assert.Equal("The outside probe gave no answer: ifconfig.co did not answer in time. Whether the internet can connect is not known.", step.Message);
        using var spanish = SpanishCulture.Use(this);
        var list = Render<ReachabilitySteps>(p => p.Add(c => c.Report, Report(step)));
        Assert.Equal("La sonda externa no dio respuesta: ifconfig.co no respondió a tiempo. No se sabe si internet puede conectarse.",
            list.Find("li[data-step='internet'] .reach-step-message").TextContent);
    }
}
