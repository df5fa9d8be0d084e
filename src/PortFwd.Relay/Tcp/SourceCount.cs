using PortFwd.Relay.Connections;

namespace PortFwd.Relay.Tcp;

/// <summary>How many live connections of a rule come from one source; shared by those connections, guarded by the set's lock.</summary>
internal sealed class SourceCount(PackedEndPoint key)
{
    public PackedEndPoint Key { get; } = key;

    public int Count { get; set; }
}
