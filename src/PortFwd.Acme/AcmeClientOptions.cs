namespace PortFwd.Acme;

/// <summary>How the client behaves towards the CA; the defaults suit Let's Encrypt.</summary>
public sealed record AcmeClientOptions
{
    /// <summary>The account's contact address (sent as <c>mailto:</c>); the CA writes there about expiring certificates
    /// and policy changes. Optional.</summary>
    public string? Email { get; init; }

    /// <summary>How often an authorization or order is polled when the CA gives no <c>Retry-After</c>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an authorization or order may take before the client gives up with <see cref="AcmeErrorKind.Timeout"/>.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How many times a request the CA answers with <c>badNonce</c> is sent again (with the fresh nonce it gave).</summary>
    public int BadNonceRetries { get; init; } = 3;
}
