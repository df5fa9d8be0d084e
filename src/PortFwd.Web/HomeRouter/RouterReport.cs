using System.Text.Json.Serialization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>One mapping on the router, as the router page and <c>GET /api/router</c> show it.</summary>
public sealed record RouterMappingView(
    PortProtocol Protocol,
    int ExternalPort,
    string InternalClient,
    int InternalPort,
    string Description,
    bool Ours,
    int? RuleId,
    DateTimeOffset? ExpiresAt,
    bool Enabled,
    string? RemoteHost);

/// <summary>The router and every mapping it holds (<c>GET /api/router</c>).</summary>
/// <param name="WebPage">The router's own configuration page (UPnP presentationURL, http/https only); null when the router tells none.</param>
public sealed record RouterReport(
    RouterState State,
    string Message,
    string? Protocol,
    string? Name,
    string? RouterAddress,
    string? WebPage,
    string? LocalAddress,
    string? ExternalAddress,
    string? ConnectionStatus,
    string? Warning,
    DateTimeOffset CheckedAt,
    IReadOnlyList<RouterMappingView> Mappings,
    string? MappingsError)
{
    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages.</summary>
    [JsonIgnore]
    public ValidationMessage? Reason { get; init; }

    internal static RouterReport From(RouterSnapshot s, IReadOnlyList<RouterMappingView> mappings, string? mappingsError) => new(
        s.State,
        s.Message,
        s.Protocol?.ToDisplayName(),
        s.Name,
        s.RouterAddress?.ToString(),
        s.WebPage?.AbsoluteUri,
        s.LocalAddress?.ToString(),
        s.ExternalAddress?.ToString(),
        s.ConnectionStatus,
        s.Warning,
        s.CheckedAt,
        mappings,
        mappingsError) { Reason = s.Reason };
}
