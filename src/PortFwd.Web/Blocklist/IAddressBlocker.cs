namespace PortFwd.Web.Blocklist;

/// <summary>
/// Puts an address on the global blocklist, as the Block button of a rule's connection table does. The
/// blocklist feature registers the one implementation; while none is registered the button is not shown.
/// </summary>
public interface IAddressBlocker
{
    /// <summary>Blocks <paramref name="address"/> (an IP address or a CIDR network) for every rule; errors a user can act on come back in the result.</summary>
    Task<BlockResult> BlockAsync(string address, string? note, CancellationToken ct);
}

/// <summary>The outcome of blocking an address: blocked, or why not in words the panel shows as they are.</summary>
public sealed record BlockResult(string? Error)
{
    public static BlockResult Blocked { get; } = new((string?)null);

    public bool IsSuccess => Error is null;

    public static BlockResult Fail(string error) => new(error ?? throw new ArgumentNullException(nameof(error)));
}
