using System.Net;

namespace PortFwd.Nat.Upnp;

/// <summary>UPnP IGD error codes in plain language.</summary>
internal static class UpnpErrors
{
    public const int InvalidArgs = 402;
    public const int ActionFailed = 501;
    public const int NotAuthorized = 606;
    public const int ArrayIndexInvalid = 713;
    public const int NoSuchEntry = 714;
    public const int Conflict = 718;
    public const int OnlyPermanentLeases = 725;

    /// <param name="code">The errorCode of the fault.</param>
    /// <param name="routerText">The errorDescription.</param>
    /// <param name="port">"18080/TCP" when the action concerned one port, for the message.</param>
    /// <param name="heldBy">For 718: the LAN host that holds the port, when known.</param>
    public static NatError FromCode(int code, string? routerText, string? port = null, IPAddress? heldBy = null)
    {
        var what = port is null ? "" : $" for {port}";
        var words = string.IsNullOrEmpty(routerText) ? $"{code}" : $"{code} {routerText}";
        var error = code switch
        {
            InvalidArgs => new NatError(NatErrorKind.InvalidArguments, $"The router rejected the request{what} as invalid ({words})."),
            ActionFailed => new NatError(NatErrorKind.ActionFailed,
                $"The router could not do it{what} ({words}). Routers answer this when they have no usable public address, for example behind carrier-grade NAT."),
            NotAuthorized => new NatError(NatErrorKind.NotAuthorized,
                $"The router refused{what}: this machine is not allowed to do that ({words}). Routers in secure mode let a host change only its own mappings."),
            NoSuchEntry => new NatError(NatErrorKind.NoSuchEntry, $"The router has no such mapping{what} ({words})."),
            716 => new NatError(NatErrorKind.WildcardNotPermittedInExternalPort, $"The router does not accept a wildcard external port ({words})."),
            Conflict when heldBy is not null => new NatError(NatErrorKind.ConflictInMappingEntry,
                $"External port {port} is already forwarded to {heldBy} on the router ({words}).") { HeldBy = heldBy },
            Conflict => new NatError(NatErrorKind.ConflictInMappingEntry,
                $"The router refused{what}: the port is taken by another mapping, or the router only lets this machine forward ports to its own address ({words})."),
            724 => new NatError(NatErrorKind.SamePortValuesRequired, $"The router requires the internal port to equal the external port ({words})."),
            OnlyPermanentLeases => new NatError(NatErrorKind.OnlyPermanentLeasesSupported, $"The router only accepts permanent mappings ({words})."),
            726 => new NatError(NatErrorKind.RemoteHostOnlySupportsWildcard, $"The router only accepts mappings open to every remote host ({words})."),
            727 => new NatError(NatErrorKind.ExternalPortOnlySupportsWildcard, $"The router only accepts a wildcard external port ({words})."),
            728 => new NatError(NatErrorKind.OutOfResources, $"The router has no room for more mappings ({words})."),
            729 => new NatError(NatErrorKind.ConflictInMappingEntry, $"The port{what} is used by another mechanism on the router ({words})."),
            401 => new NatError(NatErrorKind.Unsupported, $"The router does not support this action ({words})."),
            _ => new NatError(NatErrorKind.Other, $"The router refused the request{what} ({words})."),
        };
        return error with { Protocol = RouterProtocol.Upnp, Code = code, RouterText = routerText };
    }
}
