namespace PortFwd.Web;

/// <summary>
/// Every event id the panel logs, in one list, so a log line can be found by number and no two events share
/// one. Each event is logged once, by the part that owns it.
/// </summary>
internal static class EventIds
{
    // Forwarding: applying saved rules to the relay and YARP (1000–1099).
    public const int RulePassFailed = 1000;
    public const int RulePassDone = 1001;

    // Router: discovery, mappings on the home router, public address (1100–1199). PortFwd.Nat logs the router found
    // (or not), every lease event (added, renewed, lost, removed) and router restarts (its EventIds, 200–299); the
    // panel logs only its own decisions here.
    public const int RouterPassFailed = 1100;
    public const int RouterStoppedAnswering = 1101;
    public const int PublicAddressEchoFailed = 1102;
    public const int RouterSettingsChanged = 1103;

    // Traffic: sampling, history, pruning (1200–1299).
    public const int TrafficTickFailed = 1200;
    public const int TrafficFlushFailed = 1201;
    public const int TrafficRestoreFailed = 1202;
    public const int TrafficFinalFlushSkipped = 1203;
    public const int TrafficPruned = 1204;

    // Accounts: sign-in, set-up, tokens (1300–1399).
    public const int AdminAccountSeeded = 1300;
    public const int AdminPasswordNotUsed = 1301;
    public const int SessionPruneFailed = 1310;
    public const int TokenLastUseNotSaved = 1320;

    // Dynamic DNS: updates sent to providers (1500–1599). The address sent and the provider's answer; never a secret.
    public const int DdnsUpdated = 1500;
    public const int DdnsStopped = 1501;
    public const int DdnsPassFailed = 1502;

    // Reachability: checks of a rule's way in from the internet (1600–1699).
    public const int ReachabilityChecked = 1600;
    public const int ReachabilityStepFailed = 1601;

    // Certificates and HTTPS: stored, generated and loaded certificates, HTTPS listeners and redirects (1700–1799).
    // Never a private key.
    public const int CertificateStored = 1700;
    public const int SelfSignedCreated = 1701;
    public const int CertificateKeyUnreadable = 1702;
    public const int CertificateUnusable = 1703;
    public const int RedirectPortFailed = 1704;
    public const int SelfSignedFailed = 1705;
    public const int AcmeAccountKeyUnreadable = 1706;
    public const int AcmeCertificateIssued = 1707;
    public const int AcmeCertificateFailed = 1708;
    public const int AcmeChallengeListenerOpened = 1709;
    public const int AcmeChallengePortBusy = 1710;
    public const int AcmePassFailed = 1711;
    public const int SelfSignedRuleGone = 1712;
    public const int PanelCertificatesUnreadable = 1790;

    // Blocklist: entries put in force, deleted and expired (1850–1899). The relay and the HTTP rules count what they refuse.
    public const int BlocklistEntryAdded = 1850;
    public const int BlocklistEntryRemoved = 1851;
    public const int BlocklistEntryExpired = 1852;
    public const int BlocklistExpiryFailed = 1853;

    // Hosting and API: start-up, options, database, errors answered by the API (1400–1499).
    public const int ApiRequestFailed = 1400;
    public const int DataDiskWriteFailed = 1401;
    public const int PanelSettingsSaved = 1402;
    public const int WatchdogFeeding = 1420;
    public const int WatchdogWithheld = 1421;

    // Backup and restore: a restore applied, the nightly database copies (1900–1949). Never a secret or a passphrase.
    public const int ConfigurationRestored = 1900;
    public const int DatabaseCopied = 1901;
    public const int DatabaseCopyFailed = 1902;

    // Audit log: pruning past the retention (1950–1999). The entries themselves are the record; they are not logged again.
    public const int AuditPruned = 1950;
    public const int AuditPruneFailed = 1951;
}
