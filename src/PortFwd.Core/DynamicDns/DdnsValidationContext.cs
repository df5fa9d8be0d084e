namespace PortFwd.Core.DynamicDns;

/// <summary>What validation must know about the name being changed: which secrets are stored, and for which service.</summary>
public sealed class DdnsValidationContext
{
    public static DdnsValidationContext New { get; } = new(null);

    private DdnsValidationContext(DdnsName? stored) => Stored = stored;

    /// <summary>The saved name a change starts from; null for a new name.</summary>
    public DdnsName? Stored { get; }

    /// <summary>The context for changing <paramref name="stored"/>.</summary>
    public static DdnsValidationContext Changing(DdnsName stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new DdnsValidationContext(stored);
    }
}
