using PortFwd.Relay.Rules;

namespace PortFwd.Web.Blocklist;

/// <summary>
/// The blocklist as the HTTP rules' port hosts read it on every request: one slot, swapped as a whole by
/// <see cref="BlocklistService"/> (the relay has its own, <see cref="Relay.Engine.RelayEngine.Blocklist"/>).
/// </summary>
public sealed class BlockedAddresses
{
    private volatile AddressBlocklist _current = AddressBlocklist.Empty;

    public AddressBlocklist Current
    {
        get => _current;
        internal set => _current = value;
    }
}
