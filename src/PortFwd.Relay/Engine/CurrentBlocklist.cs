using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Engine;

/// <summary>The engine's blocklist as every rule reads it at accept and receive: one shared slot, swapped as a whole.</summary>
internal sealed class CurrentBlocklist
{
    private volatile AddressBlocklist _value = AddressBlocklist.Empty;

    public AddressBlocklist Value
    {
        get => _value;
        set => _value = value;
    }
}
