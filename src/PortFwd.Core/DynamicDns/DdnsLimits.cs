namespace PortFwd.Core.DynamicDns;

/// <summary>Lengths a Dynamic DNS name's fields may have (also the database columns' sizes).</summary>
public static class DdnsLimits
{
    public const int MaxHostNameLength = 253;
    public const int MaxUsernameLength = 128;
    public const int MaxSecretLength = 256;
    public const int MaxServerLength = 512;
}
