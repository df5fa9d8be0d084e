using System.Net;
using System.Text.Json.Serialization;
using PortFwd.Core.Rules.Validation;
using PortFwd.Nat;

namespace PortFwd.Web.HomeRouter;

/// <summary>Where the search for the home router stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouterState>))]
public enum RouterState
{
    /// <summary>The router client is switched off in the configuration.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    [JsonStringEnumMemberName("searching")]
    Searching,

    [JsonStringEnumMemberName("not-found")]
    NotFound,

    [JsonStringEnumMemberName("found")]
    Found,
}

/// <summary>The router part of a rule's status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouterRuleState>))]
public enum RouterRuleState
{
    /// <summary>The router client is switched off.</summary>
    [JsonStringEnumMemberName("off")]
    Off,

    /// <summary>No router to ask (searching, not found, stopped answering).</summary>
    [JsonStringEnumMemberName("unavailable")]
    Unavailable,

    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The router refused the mapping; it is retried.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("mapped")]
    Mapped,
}

/// <summary>What the panel knows of the home router right now.</summary>
/// <param name="Message">The English the API answers.</param>
public sealed record RouterSnapshot(RouterState State, string Message)
{
    public RouterSnapshot(RouterState state, ValidationMessage reason)
        : this(state, reason.Text) => Reason = reason;

    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages.</summary>
    [JsonIgnore]
    public ValidationMessage? Reason { get; init; }

    /// <summary>This snapshot saying something else.</summary>
    public RouterSnapshot Saying(ValidationMessage reason) => this with { Message = reason.Text, Reason = reason };

    public RouterProtocol? Protocol { get; init; }

    public string? Name { get; init; }

    public IPAddress? RouterAddress { get; init; }

    /// <summary>The router's own configuration page, when its UPnP description tells it (presentationURL); only http/https.</summary>
    public Uri? WebPage { get; init; }

    public IPAddress? LocalAddress { get; init; }

    /// <summary>The router's own (WAN) address; whether it is public is <see cref="PublicAddress"/>'s question.</summary>
    public IPAddress? ExternalAddress { get; init; }

    public string? ConnectionStatus { get; init; }

    /// <summary>Double NAT / carrier-grade NAT warning when the router's own address is not public (from <see cref="PublicAddress"/>).</summary>
    public string? Warning { get; init; }

    public DateTimeOffset CheckedAt { get; init; }
}

/// <summary>The router part of one rule's status.</summary>
/// <param name="Message">The English the API answers.</param>
public sealed record RouterRuleStatus(RouterRuleState State, string Message)
{
    public RouterRuleStatus(RouterRuleState state, ValidationMessage reason)
        : this(state, reason.Text) => Reason = reason;

    /// <summary>The same as <see cref="Message"/>, with its code and values, for the panel's languages.</summary>
    [JsonIgnore]
    public ValidationMessage? Reason { get; init; }

    public string? ExternalAddress { get; init; }

    public IReadOnlyList<int> ExternalPorts { get; init; } = [];

    public DateTimeOffset? LeaseExpires { get; init; }

    public DateTimeOffset? RenewsAt { get; init; }

    /// <summary>Same status (the port list compared by content), so an unchanged pass tells no page.</summary>
    public bool SameAs(RouterRuleStatus? other) =>
        other is not null && this with { ExternalPorts = other.ExternalPorts } == other && ExternalPorts.SequenceEqual(other.ExternalPorts);
}
