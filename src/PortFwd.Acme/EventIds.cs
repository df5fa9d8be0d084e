namespace PortFwd.Acme;

/// <summary>
/// Every event id the ACME client logs (400–499), in one list. The library logs what happens between it and the
/// CA (accounts, orders, challenges, retries); the panel logs only its own decisions (which rule, when to renew).
/// </summary>
internal static class EventIds
{
    // Protocol: directory, nonces, retried and failed requests (400–419).
    public const int DirectoryFetched = 400;
    public const int BadNonceRetried = 401;
    public const int RequestFailed = 402;

    // Accounts (420–429).
    public const int AccountCreated = 420;
    public const int AccountFound = 421;

    // Orders: issuing a certificate from order to download (430–459).
    public const int OrderCreated = 430;
    public const int ChallengePublished = 431;
    public const int AuthorizationValid = 432;
    public const int AuthorizationFailed = 433;
    public const int OrderFinalized = 434;
    public const int CertificateIssued = 435;
    public const int IssueFailed = 436;
    public const int ChallengeRemoveFailed = 437;
}
