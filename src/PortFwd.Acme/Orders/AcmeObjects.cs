namespace PortFwd.Acme;

/// <summary>The CA's directory (RFC 8555 §7.1.1): where each kind of request goes.</summary>
public sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder)
{
    public Uri? RevokeCert { get; init; }

    /// <summary>ACME Renewal Information (RFC 9773), when the CA offers it.</summary>
    public Uri? RenewalInfo { get; init; }

    /// <summary>The terms of service the account agrees to.</summary>
    public Uri? TermsOfService { get; init; }

    /// <summary>True when the CA needs an external account binding, which this client does not do.</summary>
    public bool ExternalAccountRequired { get; init; }
}

public enum AcmeAccountStatus
{
    Valid,
    Deactivated,
    Revoked,
}

/// <summary>The account at the CA.</summary>
/// <param name="Url">The account URL: the <c>kid</c> of every later request.</param>
/// <param name="Status">Its status at the CA.</param>
/// <param name="Created">True when this call created it, false when the CA already knew the key.</param>
public sealed record AcmeAccount(Uri Url, AcmeAccountStatus Status, bool Created)
{
    public IReadOnlyList<string> Contact { get; init; } = [];
}

public enum AcmeOrderStatus
{
    Pending,
    Ready,
    Processing,
    Valid,
    Invalid,
}

/// <summary>An order for a certificate (RFC 8555 §7.1.3).</summary>
/// <param name="Url">Where the order is polled.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Names">The DNS names it is for.</param>
/// <param name="Authorizations">One per name: what must be proven.</param>
/// <param name="Finalize">Where the CSR goes once the order is ready.</param>
public sealed record AcmeOrder(Uri Url, AcmeOrderStatus Status, IReadOnlyList<string> Names, IReadOnlyList<Uri> Authorizations, Uri Finalize)
{
    /// <summary>Where the certificate is downloaded, once the order is valid.</summary>
    public Uri? Certificate { get; init; }

    public DateTimeOffset? Expires { get; init; }

    /// <summary>Why the order failed, when it is invalid.</summary>
    public AcmeProblem? Problem { get; init; }
}

public enum AcmeAuthorizationStatus
{
    Pending,
    Valid,
    Invalid,
    Deactivated,
    Expired,
    Revoked,
}

/// <summary>The proof of control over one name (RFC 8555 §7.1.4).</summary>
public sealed record AcmeAuthorization(Uri Url, AcmeAuthorizationStatus Status, string Name, IReadOnlyList<AcmeChallenge> Challenges)
{
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The HTTP-01 challenge, when the CA offers one.</summary>
    public AcmeChallenge? Http01 => Challenges.FirstOrDefault(c => c.Type == AcmeChallenge.Http01Type);
}

public enum AcmeChallengeStatus
{
    Pending,
    Processing,
    Valid,
    Invalid,
}

/// <summary>One way to prove control of a name (RFC 8555 §8).</summary>
/// <param name="Type">The challenge type, e.g. <c>http-01</c>.</param>
/// <param name="Url">Where the client says it is ready.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Token">The token the responder answers for.</param>
public sealed record AcmeChallenge(string Type, Uri Url, AcmeChallengeStatus Status, string Token)
{
    public const string Http01Type = "http-01";

    /// <summary>Why the CA could not validate it, when it failed.</summary>
    public AcmeProblem? Problem { get; init; }
}
