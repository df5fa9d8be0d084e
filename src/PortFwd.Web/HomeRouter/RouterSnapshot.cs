using System.Net;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>Where the search for the home router stands.</summary>
public enum RouterState
{
    /// <summary>The router client is switched off in the configuration.</summary>
    Off,
    Searching,
    NotFound,
    Found,
}

/// <summary>What the panel knows of the home router right now.</summary>
public sealed record RouterSnapshot(RouterState State, string Message)
{
    public RouterProtocol? Protocol { get; init; }

    public string? Name { get; init; }

    public IPAddress? RouterAddress { get; init; }

    public IPAddress? LocalAddress { get; init; }

    public IPAddress? ExternalAddress { get; init; }

    public string? ConnectionStatus { get; init; }

    /// <summary>Double NAT / carrier-grade NAT warning when the router's own address is not public.</summary>
    public string? Warning { get; init; }

    public DateTimeOffset CheckedAt { get; init; }

    public string StateName => State switch
    {
        RouterState.Off => "off",
        RouterState.Searching => "searching",
        RouterState.NotFound => "not-found",
        _ => "found",
    };
}

/// <summary>The router part of one rule's status.</summary>
public sealed record RouterRuleStatus(string State, string Message)
{
    public string? ExternalAddress { get; init; }

    public IReadOnlyList<int> ExternalPorts { get; init; } = [];

    public DateTimeOffset? LeaseExpires { get; init; }

    public DateTimeOffset? RenewsAt { get; init; }
}
