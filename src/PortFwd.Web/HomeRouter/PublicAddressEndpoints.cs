using Microsoft.AspNetCore.Http.HttpResults;

namespace PortFwd.Web.HomeRouter;

/// <summary>The public address as <c>GET /api/public-address</c> shows it.</summary>
/// <param name="Source">Who gave the address: router, echo, or none yet.</param>
/// <param name="Address">The IPv4 address the internet sees this network at; null when nobody has told yet.</param>
/// <param name="CheckedAt">When the address was last checked with its source.</param>
/// <param name="RouterWanAddress">The router's own (WAN) address, public or not.</param>
/// <param name="Nat">What stands between the router and the internet.</param>
/// <param name="EchoUrl">The echo service that gave the address, when one did.</param>
/// <param name="Warning">Why ports opened on the router cannot be reached from the internet; null when they can.</param>
/// <param name="DynamicDnsProblem">Why a Dynamic DNS name cannot help (carrier-grade NAT); null when it can.</param>
/// <param name="EchoProblem">Why the last echo check found no address; null when it did or none was needed.</param>
public sealed record PublicAddressReport(
    PublicAddressSource Source,
    string? Address,
    DateTimeOffset? CheckedAt,
    string? RouterWanAddress,
    NatKind Nat,
    string? EchoUrl,
    string? Warning,
    string? DynamicDnsProblem,
    string? EchoProblem)
{
    internal static PublicAddressReport From(PublicAddressInfo info, string? echoProblem) => new(
        info.Source,
        info.Address?.ToString(),
        info.AddressCheckedAt,
        info.RouterWanAddress?.ToString(),
        info.Nat,
        info.Source == PublicAddressSource.Echo ? info.Echo?.Url.ToString() : null,
        info.Warning,
        info.DynamicDnsProblem,
        info.RouterGivesAddress ? null : echoProblem);
}

/// <summary><c>GET /api/public-address</c>.</summary>
internal static class PublicAddressEndpoints
{
    public static RouteGroupBuilder MapPublicAddressEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/public-address").WithTags("Router").DisableAntiforgery();

        group.MapGet("", GetPublicAddress)
            .WithName("GetPublicAddress").WithSummary("Public address")
            .WithDescription("The IPv4 address the internet sees this network at, who gave it (the router, or an echo service when the router's own address is private or shared), when it was checked, and the NAT in front of the router.");
        return group;
    }

    public static Ok<PublicAddressReport> GetPublicAddress(PublicAddress publicAddress, PublicAddressChecker checker) =>
        TypedResults.Ok(PublicAddressReport.From(publicAddress.Current, checker.LastProblem));
}
