using PortFwd.Core.Rules;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>"Adopt as rule" on the router page: a rule draft that forwards what a router mapping forwards.</summary>
public static class MappingAdoption
{
    public const string AdoptedDescription = "Adopted from the router's port mappings.";

    /// <summary>A draft named after the mapping's description (or its port), for the rule form to finish.</summary>
    public static RuleDraft DraftFrom(RouterMappingView mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return new RuleDraft
        {
            Name = string.IsNullOrWhiteSpace(mapping.Description) ? $"Port {mapping.ExternalPort}" : mapping.Description.Trim(),
            Protocol = (mapping.Protocol == PortProtocol.Udp ? Protocol.Udp : Protocol.Tcp).ToName(),
            ExternalPort = mapping.ExternalPort,
            InternalHost = mapping.InternalClient,
            InternalPort = mapping.InternalPort,
            Enabled = true,
            Description = AdoptedDescription,
        };
    }
}
