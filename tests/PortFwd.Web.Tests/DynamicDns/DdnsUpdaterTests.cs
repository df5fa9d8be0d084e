using System.Net;
using System.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.DynamicDns;
using PortFwd.Data;
using PortFwd.Data.DynamicDns;
using PortFwd.Nat;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Hosting;
using PortFwd.Web.Localization;
using PortFwd.Web.Tests.Api;
using PortFwd.Web.Tests.Fakes;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.DynamicDns;

/// <summary>
/// The updater with a fake clock, a real SQLite file and a fake dyndns2 server on 127.0.0.1: when an update is sent,
/// when it is not, and what a refusal or a provider's trouble does to the next ones.
/// </summary>
public sealed class DdnsUpdaterTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _directory = PanelFactory.NewDataDirectory();
    private readonly Queue<string> _answers = new();
    private readonly FixedIpv6Address _ipv6 = new();
    private LocalHttpServer _server = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DdnsUpdater Updater => _services.GetRequiredService<DdnsUpdater>();

    private DdnsStore Store => _services.GetRequiredService<DdnsStore>();

    private PublicAddress PublicAddress => _services.GetRequiredService<PublicAddress>();

    /// <summary>The myip of every update the fake server received, in order.</summary>
    private List<string?> Sent => [.. _server.Received.Select(r => HttpUtility.ParseQueryString(new Uri(_server.BaseUrl, r.PathAndQuery).Query)["myip"])];

    public async ValueTask InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync(async context =>
        {
            var answer = _answers.Count > 0 ? _answers.Dequeue() : "good";
            await context.Response.WriteAsync(answer);
        });
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PortFwd:PublicAddress:EchoUrls"] = "",
            }).Build())
            .AddSingleton<TimeProvider>(_clock)
            .AddLogging()
            .AddPortFwdSettings()
            .AddPortFwdData(_directory)
            .AddPublicAddress()
            .AddSingleton<IIpv6AddressSource>(_ipv6)
            .AddPortFwdDynamicDns()
            .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
            .BuildServiceProvider();
        await PortFwdDatabase.MigrateAsync(_services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>(), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
        PortFwd.Web.Tests.Api.PanelFactory.ReleaseDatabase(_directory);

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_first_pass_sends_the_address_and_nothing_is_sent_while_it_stays_the_same()
    {
        var id = await AddNameAsync();
        RouterSays("198.51.100.1");

        await Updater.PassAsync(Ct);
        Assert.Equal(["198.51.100.1"], Sent);
        var request = Assert.Single(_server.Received);
        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=198.51.100.1", request.PathAndQuery);

        for (var i = 0; i < 12; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            await Updater.PassAsync(Ct);
        }

        Assert.Single(_server.Received);
        Assert.Equal(DdnsStatus.Good, Updater.StatusOf(id).LastUpdate?.Status);
        Assert.Equal("198.51.100.1", Assert.Single(await Store.HistoryAsync(id, Ct)).Address);
    }

    [Fact]
    public async Task A_new_address_from_the_router_is_sent_but_never_twice_within_a_minute()
    {
        await AddNameAsync();
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        RouterSays("198.51.100.2");
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Updater.PassAsync(Ct);
        Assert.Equal(["198.51.100.1"], Sent);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await Updater.PassAsync(Ct);
        Assert.Equal(["198.51.100.1", "198.51.100.2"], Sent);
    }

    [Fact]
    public async Task Badauth_stops_the_name_until_its_settings_change()
    {
        var id = await AddNameAsync();
        _answers.Enqueue("badauth");
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        RouterSays("198.51.100.2");
        for (var i = 0; i < 24; i++)
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await Updater.PassAsync(Ct);
        }

        Assert.Single(_server.Received);
        var status = Updater.StatusOf(id).LastUpdate!;
        Assert.Equal(DdnsStatus.Stopped, status.Status);
        Assert.StartsWith("badauth:", status.Message, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Store.UpdateAsync(id, NoIp(password: "the-right-one"), Ct)).IsSuccess);
        await Updater.PassAsync(Ct);

        Assert.Equal(["198.51.100.1", "198.51.100.2"], Sent);
    }

    [Fact]
    public async Task A_911_waits_thirty_minutes_before_the_next_try()
    {
        var id = await AddNameAsync();
        _answers.Enqueue("911");
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);
        Assert.Equal(DdnsStatus.Retrying, Updater.StatusOf(id).LastUpdate?.Status);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(30), Updater.StatusOf(id).NextCheckAt);

        _clock.Advance(TimeSpan.FromMinutes(29));
        await Updater.PassAsync(Ct);
        Assert.Single(_server.Received);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Updater.PassAsync(Ct);
        Assert.Equal(2, _server.Received.Count);
        Assert.Equal(DdnsStatus.Good, Updater.StatusOf(id).LastUpdate?.Status);
    }

    [Fact]
    public async Task An_unchanged_address_is_sent_again_after_25_days_so_a_free_name_is_not_dropped()
    {
        await AddNameAsync();
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        _clock.Advance(TimeSpan.FromDays(25) - TimeSpan.FromMinutes(1));
        await Updater.PassAsync(Ct);
        Assert.Single(_server.Received);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Updater.PassAsync(Ct);
        Assert.Equal(["198.51.100.1", "198.51.100.1"], Sent);
    }

    [Fact]
    public async Task Nothing_is_sent_without_a_public_address_or_for_a_disabled_name()
    {
        var draft = NoIp();
        draft.Enabled = false;
        await Store.CreateAsync(draft, Ct);
        await Updater.PassAsync(Ct);
        Assert.False(Updater.NeedsPublicAddress);

        RouterSays("192.168.0.2");
        await AddNameAsync("other.ddns.net");
        await Updater.PassAsync(Ct);

        Assert.True(Updater.NeedsPublicAddress);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task A_stopped_name_stays_stopped_after_a_restart()
    {
        await AddNameAsync();
        _answers.Enqueue("nohost");
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        // A new updater on the same database, as after a restart.
        var restarted = ActivatorUtilities.CreateInstance<DdnsUpdater>(_services);
        _clock.Advance(TimeSpan.FromHours(1));
        await restarted.PassAsync(Ct);

        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task Update_now_sends_even_a_stopped_name_but_not_twice_a_minute()
    {
        var id = await AddNameAsync();
        _answers.Enqueue("badauth");
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        var tooSoon = await Updater.UpdateNowAsync(id, Ct);
        Assert.Equal(DdnsStatus.Retrying, tooSoon!.Status);
        Assert.Single(_server.Received);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var forced = await Updater.UpdateNowAsync(id, Ct);
        Assert.Equal(DdnsStatus.Good, forced!.Status);
        Assert.Equal(2, _server.Received.Count);
        Assert.Null(await Updater.UpdateNowAsync(999, Ct));
    }

    [Fact]
    public async Task A_new_ipv6_address_alone_sends_an_update_with_both_addresses()
    {
        var id = await AddNameAsync(ipv6: true);
        RouterSays("198.51.100.1");
        _ipv6.Address = IPAddress.Parse("2001:db8:1::a");
        await Updater.PassAsync(Ct);
        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=198.51.100.1&myipv6=2001%3Adb8%3A1%3A%3Aa", Assert.Single(_server.Received).PathAndQuery);

        _clock.Advance(TimeSpan.FromMinutes(5));
        await Updater.PassAsync(Ct);
        Assert.Single(_server.Received);

        _ipv6.Address = IPAddress.Parse("2001:db8:2::a");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Updater.PassAsync(Ct);

        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=198.51.100.1&myipv6=2001%3Adb8%3A2%3A%3Aa", _server.Received[^1].PathAndQuery);
        Assert.Equal(2, _server.Received.Count);
        Assert.Equal(["198.51.100.1, 2001:db8:2::a", "198.51.100.1, 2001:db8:1::a"], (await Store.HistoryAsync(id, Ct)).Select(u => u.Address));
    }

    [Fact]
    public async Task Without_a_global_ipv6_address_the_ipv4_address_is_still_sent_and_the_result_says_why_ipv6_was_not()
    {
        var id = await AddNameAsync(ipv6: true);
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=198.51.100.1", Assert.Single(_server.Received).PathAndQuery);
        var last = Updater.StatusOf(id).LastUpdate!;
        Assert.Equal(DdnsStatus.Good, last.Status);
        Assert.Equal("198.51.100.1", last.Address);
        Assert.EndsWith("This machine has no global IPv6 address, so the AAAA record was not updated.", last.Message, StringComparison.Ordinal);

        // The address appears later: the AAAA record is sent then.
        _ipv6.Address = IPAddress.Parse("2001:db8:1::a");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Updater.PassAsync(Ct);
        Assert.Equal("/nic/update?hostname=home.ddns.net&myip=198.51.100.1&myipv6=2001%3Adb8%3A1%3A%3Aa", _server.Received[^1].PathAndQuery);
    }

    [Fact]
    public async Task An_ipv6_only_name_waits_for_a_global_address_with_a_message_and_needs_no_public_ipv4_address()
    {
        var id = await AddNameAsync(ipv4: false, ipv6: true);
        await Updater.PassAsync(Ct);

        Assert.Empty(_server.Received);
        Assert.False(Updater.NeedsPublicAddress);
        var waiting = Updater.StatusOf(id).LastUpdate!;
        Assert.Equal(DdnsStatus.Pending, waiting.Status);
        Assert.Equal("This machine has no global IPv6 address, so the AAAA record was not updated.", waiting.Message);

        _ipv6.Address = IPAddress.Parse("2001:db8:1::a");
        await Updater.PassAsync(Ct);

        Assert.Equal("/nic/update?hostname=home.ddns.net&myipv6=2001%3Adb8%3A1%3A%3Aa", Assert.Single(_server.Received).PathAndQuery);
        Assert.Equal("2001:db8:1::a", Updater.StatusOf(id).LastUpdate!.Address);
    }

    [Fact]
    public async Task A_result_is_stored_with_its_code_and_values_and_reads_in_Spanish_while_its_English_stays_as_the_api_gives_it()
    {
        var id = await AddNameAsync();
        _answers.Enqueue("badauth");
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        // Read back from the file, as the page's history and the next start read it.
        var stored = Assert.Single(await Store.HistoryAsync(id, Ct));
        Assert.Equal("Ddns.Update.BadAuth", stored.MessageCode);
        Assert.Equal("[\"badauth\",\"No-IP\"]", stored.MessageArguments);
        Assert.Equal("badauth: No-IP refused the user name or password; type them again to resume.", stored.Message);
        Assert.Equal(DdnsUpdateMessages.BadAuth.With("badauth", "No-IP"), stored.Said);
        Assert.Equal("badauth: No-IP rechazó el nombre de usuario o la contraseña; vuelva a escribirlos para reanudar.",
            InLanguage.Spanish(() => MessageText.Localize(stored.Said, UiText.Ui, MessageText.ServicePrefix)));

        var restarted = ActivatorUtilities.CreateInstance<DdnsUpdater>(_services);
        await restarted.PassAsync(Ct);
        Assert.Equal(stored.Said, restarted.StatusOf(id).LastUpdate?.Said);
    }

    [Fact]
    public async Task A_result_with_the_note_that_ipv6_was_not_sent_keeps_both_codes()
    {
        var id = await AddNameAsync(ipv6: true);
        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);

        var stored = Assert.Single(await Store.HistoryAsync(id, Ct));
        Assert.Equal(DdnsUpdateMessages.Joined.With(DdnsUpdateMessages.Done.With("good", "No-IP"), DdnsUpdateMessages.NoIpv6.With()), stored.Said);
        Assert.Equal("good: No-IP now points the name at the address. This machine has no global IPv6 address, so the AAAA record was not updated.", stored.Message);
        Assert.Equal("good: No-IP ahora apunta el nombre a la dirección. Este equipo no tiene una dirección IPv6 global, así que el registro AAAA no se actualizó.",
            InLanguage.Spanish(() => MessageText.Localize(stored.Said, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public async Task Update_now_too_soon_and_a_name_waiting_for_an_address_say_so_with_codes()
    {
        var id = await AddNameAsync();
        Assert.Equal(DdnsUpdateMessages.NoPublicAddress.With(), (await Updater.UpdateNowAsync(id, Ct))!.Said);

        RouterSays("198.51.100.1");
        await Updater.PassAsync(Ct);
        var tooSoon = await Updater.UpdateNowAsync(id, Ct);

        Assert.Equal(DdnsUpdateMessages.TooSoon.With(), tooSoon!.Said);
        Assert.Equal(DdnsUpdateMessages.TooSoon.English, tooSoon.Message);
    }

    private DdnsDraft NoIp(string hostName = "home.ddns.net", string password = "s3cret", bool ipv4 = true, bool ipv6 = false) => new()
    {
        Provider = "noip", Hostname = hostName, Username = "me@example.net", Password = password, Server = _server.BaseUrl.ToString(), Ipv4 = ipv4, Ipv6 = ipv6,
    };

    private async Task<int> AddNameAsync(string hostName = "home.ddns.net", bool ipv4 = true, bool ipv6 = false)
    {
        var saved = await Store.CreateAsync(NoIp(hostName, ipv4: ipv4, ipv6: ipv6), Ct);
        Assert.True(saved.IsSuccess, string.Join(" ", saved.FieldErrors.SelectMany(e => e.Value)));
        return saved.Name.Id;
    }

    private void RouterSays(string wan) => PublicAddress.LearnFromRouter(new RouterStatus(RouterProtocol.Upnp, "router", IPAddress.Parse(wan), "Connected"));

    /// <summary>The machine's IPv6 address as the test sets it; none at first.</summary>
    private sealed class FixedIpv6Address : IIpv6AddressSource
    {
        public IPAddress? Address { get; set; }

        public IPAddress? GlobalAddress() => Address;
    }
}
