namespace PortFwd.Core.Rules;

/// <summary>Bounds a rule must respect.</summary>
public static class RuleLimits
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 256;
    // Holds a WebRTC media server's 10000-20000: 10,000 UDP ports cost about 25 MiB of panel memory and 10,000 descriptors (BENCHMARKS.md, "Scale").
    public const int MaxRangePorts = 16384;
    // A router keeps one mapping per port, and many hold only a few hundred; each is renewed by its own request.
    public const int MaxRouterRangePorts = 1000;
    public const int MaxAllowedSources = 64;
    public const int MaxHostNames = 32;
    public const int MaxPathPrefixLength = 256;
    // Per-rule limits (the relay's own default cap of 1024 connections stays the default).
    public const int DefaultMaxConnections = 1024;
    public const int MaxConnectionsCap = 65535;
    // 10 GB/s in KB (1,024 bytes) per second: more than any link a home server has, so the bound only catches typing errors.
    public const int MaxRateKBps = 10_000_000;
    public const int MinPort = 1;
    public const int MaxPort = 65535;
}
