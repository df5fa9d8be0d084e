namespace PortFwd.Nat;

/// <summary>What happened to a kept mapping.</summary>
public enum LeaseEventKind
{
    /// <summary>The first add succeeded.</summary>
    Added,
    /// <summary>The first add failed; it is retried.</summary>
    AddFailed,
    /// <summary>The lease was renewed at half-life.</summary>
    Renewed,
    /// <summary>Renewing failed; it is retried (sooner as the lease runs out).</summary>
    RenewFailed,
    /// <summary>The mapping had vanished from the router (or the router restarted) and was added again.</summary>
    Readded,
    /// <summary>The mapping vanished and adding it again failed; it is retried.</summary>
    Lost,
    /// <summary>The router restarted (epoch or uptime went back): its mappings are being re-added.</summary>
    RouterRestarted,
    /// <summary>Checking the router's table failed.</summary>
    CheckFailed,
    /// <summary>The mapping was removed on request.</summary>
    Removed,
}

/// <summary>One thing that happened to a kept mapping; failures carry the router's error.</summary>
public sealed class LeaseEventArgs(LeaseEventKind kind, MappingRequest request, DateTimeOffset at) : EventArgs
{
    public LeaseEventKind Kind { get; } = kind;
    public MappingRequest Request { get; } = request;
    public DateTimeOffset At { get; } = at;

    /// <summary>The mapping as granted, after a success.</summary>
    public PortMapping? Mapping { get; init; }

    /// <summary>Why it failed, after a failure.</summary>
    public NatError? Error { get; init; }

    /// <summary>When the keeper will next renew or retry, if it will.</summary>
    public DateTimeOffset? NextAttempt { get; init; }

    public override string ToString() =>
        $"{Kind} {Request.ExternalPort}/{Request.Protocol.ToWireName()}" + (Error is null ? "" : $": {Error.Message}");
}

/// <summary>The keeper's view of one mapping it keeps open.</summary>
/// <param name="Request">What was asked for.</param>
public sealed record KeptMapping(MappingRequest Request)
{
    /// <summary>The mapping as last granted; null until the first success.</summary>
    public PortMapping? Mapping { get; init; }

    /// <summary>The error of the last attempt, null after a success.</summary>
    public NatError? LastError { get; init; }

    /// <summary>When the lease will be renewed, or the failed attempt retried; null for a permanent mapping.</summary>
    public DateTimeOffset? NextAttempt { get; init; }

    /// <summary>When the router last confirmed the mapping.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>Failures in a row.</summary>
    public int ConsecutiveFailures { get; init; }

    public bool IsActive => Mapping is not null && LastError is null;
}

/// <summary>Timing of a <see cref="PortMappingKeeper"/>.</summary>
public sealed class PortMappingKeeperOptions
{
    /// <summary>How often the router's table is checked for mappings that vanished. Default 60 s.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait before retrying a failed add or renewal. Default 30 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
