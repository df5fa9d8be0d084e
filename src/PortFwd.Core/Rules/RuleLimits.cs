namespace PortFwd.Core.Rules;

/// <summary>Bounds a rule must respect.</summary>
public static class RuleLimits
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 256;
    public const int MaxRangePorts = 1000;
    public const int MaxAllowedSources = 64;
    public const int MaxHostNames = 32;
    public const int MaxPathPrefixLength = 256;
    public const int MinPort = 1;
    public const int MaxPort = 65535;
}
