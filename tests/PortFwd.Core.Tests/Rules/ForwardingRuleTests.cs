using System.Text.Json;
using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class ForwardingRuleTests
{
    public static TheoryData<string> StoredRules => new()
    {
        "tcp single",
        "udp range with sources and listen address",
        "tcpudp disabled with description",
        "http with host names and path",
        "http on IPv6 without host names",
        "tcp on weekday evenings",
    };

    private static ForwardingRule Stored(string which) => which switch
    {
        "tcp single" => new() { Id = 1, Name = "Web", Protocol = Protocol.Tcp, ExternalPort = 8080, InternalHost = "192.168.1.20", InternalPort = 80 },
        "udp range with sources and listen address" => new()
        {
            Id = 2, Name = "Game", Protocol = Protocol.Udp, ExternalPort = 27015, ExternalPortEnd = 27030, InternalHost = "gaming-pc.lan",
            InternalPort = 37015, OpenOnRouter = true, AllowedSources = ["203.0.113.7/32", "2001:db8::/32"], ListenAddress = "192.168.1.10",
        },
        "tcpudp disabled with description" => new()
        {
            Id = 3, Name = "WireGuard", Protocol = Protocol.TcpUdp, ExternalPort = 51820, InternalHost = "fe80::1", InternalPort = 51820,
            Enabled = false, Description = "VPN",
        },
        "http with host names and path" => new()
        {
            Id = 4, Name = "Cloud", Protocol = Protocol.Http, ExternalPort = 443, InternalHost = "nas.local", InternalPort = 8443,
            HostNames = ["cloud.example.com", "*.example.com"], PathPrefix = "/nextcloud",
        },
        "http on IPv6 without host names" => new() { Id = 5, Name = "Panel", Protocol = Protocol.Http, ExternalPort = 80, InternalHost = "2001:db8::20", InternalPort = 8080 },
        "tcp on weekday evenings" => new()
        {
            Id = 6, Name = "Evenings", Protocol = Protocol.Tcp, ExternalPort = 2222, InternalHost = "192.168.1.30", InternalPort = 22,
            Schedule = new RuleSchedule(ScheduleDays.Monday | ScheduleDays.Friday, new TimeOnly(22, 0), new TimeOnly(2, 30)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    [Theory]
    [MemberData(nameof(StoredRules))]
    public void Validating_the_draft_of_a_stored_rule_gives_back_the_same_rule(string which)
    {
        var stored = Stored(which);

        var draft = stored.ToDraft();
        var again = Drafts.AssertValid(RuleValidator.Validate(draft));

        Assert.Equal(Editable(stored), Editable(again));
        Assert.Equal(JsonSerializer.Serialize(draft), JsonSerializer.Serialize(again.ToDraft()));
    }

    [Fact]
    public void Draft_carries_the_wire_name_of_the_protocol()
    {
        Assert.Equal("tcpudp", Stored("tcpudp disabled with description").ToDraft().Protocol);
    }

    [Fact]
    public void Editing_the_draft_does_not_change_the_stored_rule()
    {
        var stored = Stored("http with host names and path");

        var draft = stored.ToDraft();
        draft.HostNames!.Add("other.example.com");
        draft.AllowedSources!.Add("10.0.0.0/8");

        Assert.Equal(["cloud.example.com", "*.example.com"], stored.HostNames);
        Assert.Empty(stored.AllowedSources);
    }

    [Fact]
    public void Copying_editable_fields_keeps_id_and_timestamps()
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var target = new ForwardingRule { Id = 9, CreatedAt = created, UpdatedAt = created, Name = "Old" };
        var source = Stored("udp range with sources and listen address");

        target.CopyEditableFrom(source);
        source.AllowedSources.Add("10.0.0.0/8");

        Assert.Equal(9, target.Id);
        Assert.Equal(created, target.CreatedAt);
        Assert.Equal(created, target.UpdatedAt);
        Assert.Equal("Game", target.Name);
        Assert.Equal(new PortRange(27015, 27030), target.ExternalPorts);
        Assert.Equal(["203.0.113.7/32", "2001:db8::/32"], target.AllowedSources);
    }

    [Fact]
    public void A_schedule_is_copied_with_the_editable_fields_and_written_in_the_draft_as_the_api_takes_it()
    {
        var target = new ForwardingRule();

        target.CopyEditableFrom(Stored("tcp on weekday evenings"));

        Assert.Equal(new RuleSchedule(ScheduleDays.Monday | ScheduleDays.Friday, new TimeOnly(22, 0), new TimeOnly(2, 30)), target.Schedule);
        var draft = target.ToDraft().Schedule!;
        Assert.Equal(["mon", "fri"], draft.Days);
        Assert.Equal(("22:00", "02:30"), (draft.From, draft.To));
    }

    [Fact]
    public void A_rule_is_on_when_enabled_and_inside_its_schedule()
    {
        var rule = Stored("tcp on weekday evenings");
        var fridayNight = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        var fridayNoon = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        Assert.True(rule.IsOnAt(fridayNight, TimeZoneInfo.Utc));
        Assert.False(rule.IsOnAt(fridayNoon, TimeZoneInfo.Utc));
        rule.Enabled = false;
        Assert.False(rule.IsOnAt(fridayNight, TimeZoneInfo.Utc));
        Assert.True(Stored("tcp single").IsOnAt(fridayNoon, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData(8080, null, 80, "8080", "80")]
    [InlineData(27015, 27030, 37015, "27015-27030", "37015-37030")]
    public void Internal_ports_map_the_external_range_one_to_one(int port, int? end, int internalPort, string external, string @internal)
    {
        var rule = new ForwardingRule { ExternalPort = port, ExternalPortEnd = end, InternalPort = internalPort };

        Assert.Equal(external, rule.ExternalPorts.ToString());
        Assert.Equal(@internal, rule.InternalPorts.ToString());
    }

    private static string Editable(ForwardingRule rule) => JsonSerializer.Serialize(rule.ToDraft());
}
