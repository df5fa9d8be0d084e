using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.Tests.HomeRouter;

public sealed class MappingAdoptionTests
{
    private static RouterMappingView Mapping(string description) =>
        new(PortFwd.Nat.PortProtocol.Udp, 27015, "192.168.1.20", 27016, description, Ours: false, RuleId: null, ExpiresAt: null, Enabled: true, RemoteHost: null);

    [Fact]
    public void An_adopted_mapping_becomes_a_draft_that_forwards_the_same_port_to_the_same_host()
    {
        var draft = MappingAdoption.DraftFrom(Mapping("  Game server  "));

        Assert.Equal("Game server", draft.Name);
        Assert.Equal("udp", draft.Protocol);
        Assert.Equal(27015, draft.ExternalPort);
        Assert.Equal("192.168.1.20", draft.InternalHost);
        Assert.Equal(27016, draft.InternalPort);
        Assert.True(draft.Enabled);
        Assert.False(draft.OpenOnRouter);
        Assert.Equal("Adopted from the router's port mappings.", draft.Description);
    }

    [Fact]
    public void A_mapping_without_a_description_is_named_after_its_port()
    {
        Assert.Equal("Port 27015", MappingAdoption.DraftFrom(Mapping(" ")).Name);
    }
}
