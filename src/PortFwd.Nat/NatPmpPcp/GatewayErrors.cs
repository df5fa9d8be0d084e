namespace PortFwd.Nat.NatPmpPcp;

/// <summary>NAT-PMP and PCP result codes in plain language.</summary>
internal static class GatewayErrors
{
    public static NatError FromNatPmp(ushort result) => (result switch
    {
        1 => new NatError(NatErrorKind.Unsupported, "The router does not support this NAT-PMP version (result 1)."),
        2 => new NatError(NatErrorKind.NotAuthorized, "The router refused: NAT-PMP mapping is disabled or not allowed for this machine (result 2, not authorized)."),
        3 => new NatError(NatErrorKind.NoExternalAddress, "The router has no working public address (NAT-PMP result 3, network failure): it is probably behind carrier-grade NAT or another router, or its internet connection is down."),
        4 => new NatError(NatErrorKind.OutOfResources, "The router has no room for more mappings (NAT-PMP result 4, out of resources)."),
        5 => new NatError(NatErrorKind.Unsupported, "The router does not support this NAT-PMP request (result 5, unsupported opcode)."),
        _ => new NatError(NatErrorKind.Other, $"The router refused the NAT-PMP request (result {result})."),
    }) with { Protocol = RouterProtocol.NatPmp, Code = result };

    public static NatError FromPcp(byte result) => (result switch
    {
        1 => new NatError(NatErrorKind.Unsupported, "The router does not support PCP version 2 (result 1, UNSUPP_VERSION)."),
        2 => new NatError(NatErrorKind.NotAuthorized, "The router refused: this machine may not create or change that mapping (PCP result 2, NOT_AUTHORIZED). Another client, or an earlier run with a different nonce, may hold it."),
        3 => new NatError(NatErrorKind.InvalidResponse, "The router could not read the request (PCP result 3, MALFORMED_REQUEST)."),
        4 => new NatError(NatErrorKind.Unsupported, "The router does not support this PCP request (result 4, UNSUPP_OPCODE)."),
        5 => new NatError(NatErrorKind.Unsupported, "The router does not support a PCP option in the request (result 5, UNSUPP_OPTION)."),
        6 => new NatError(NatErrorKind.InvalidResponse, "The router found a malformed PCP option (result 6, MALFORMED_OPTION)."),
        7 => new NatError(NatErrorKind.NoExternalAddress, "The router has no working public address (PCP result 7, NETWORK_FAILURE): it is probably behind carrier-grade NAT or another router, or its internet connection is down."),
        8 => new NatError(NatErrorKind.OutOfResources, "The router has no room for more mappings (PCP result 8, NO_RESOURCES)."),
        9 => new NatError(NatErrorKind.Unsupported, "The router does not map this protocol (PCP result 9, UNSUPP_PROTOCOL)."),
        10 => new NatError(NatErrorKind.OutOfResources, "This machine has reached its quota of mappings on the router (PCP result 10, USER_EX_QUOTA)."),
        11 => new NatError(NatErrorKind.CannotProvideExternal, "The router cannot give the external port or address asked for (PCP result 11, CANNOT_PROVIDE_EXTERNAL)."),
        12 => new NatError(NatErrorKind.AddressMismatch, "The router sees this machine under another address than the one in the request (PCP result 12, ADDRESS_MISMATCH): there may be another NAT in between."),
        13 => new NatError(NatErrorKind.OutOfResources, "The router refused: too many remote peers (PCP result 13, EXCESSIVE_REMOTE_PEERS)."),
        _ => new NatError(NatErrorKind.Other, $"The router refused the PCP request (result {result})."),
    }) with { Protocol = RouterProtocol.Pcp, Code = result };
}
