namespace PortFwd.Data.Audit;

/// <summary>
/// The actions the audit log records, as stable dotted names: the API's <c>action</c> filter matches them by prefix
/// (<c>rule</c> finds every rule change), so a name, once shipped, keeps its meaning.
/// </summary>
public static class AuditActions
{
    public const string RuleCreate = "rule.create";
    public const string RuleUpdate = "rule.update";
    public const string RuleToggle = "rule.toggle";
    public const string RuleDelete = "rule.delete";

    public const string DdnsCreate = "ddns.create";
    public const string DdnsUpdate = "ddns.update";
    public const string DdnsDelete = "ddns.delete";

    public const string BlocklistAdd = "blocklist.add";
    public const string BlocklistRemove = "blocklist.remove";

    /// <summary>An entry whose time was up, removed by the panel.</summary>
    public const string BlocklistExpire = "blocklist.expire";

    public const string CertificateUpload = "certificate.upload";
    public const string CertificateIssue = "certificate.issue";
    public const string CertificateRenew = "certificate.renew";
    public const string CertificateSelfSign = "certificate.selfsign";
    public const string CertificateDelete = "certificate.delete";

    /// <summary>A router mapping taken over as a rule on the Router page.</summary>
    public const string RouterAdopt = "router.adopt";

    /// <summary>One of PortFwd's mappings deleted from the router.</summary>
    public const string RouterRemove = "router.remove";

    public const string SettingsChange = "settings.change";
    public const string BackupRestore = "backup.restore";
    public const string Import = "import";
    public const string AccountCreate = "account.create";
    public const string AccountPassword = "account.password";
    public const string AccountTwoFactorOn = "account.twofactor.on";
    public const string AccountTwoFactorOff = "account.twofactor.off";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string SignInSuccess = "signin.success";
    public const string SignInFailure = "signin.failure";

    /// <summary>A signed-in browser signed out from another one (the Account page, <c>DELETE /api/sessions</c>).</summary>
    public const string SessionRevoke = "session.revoke";

    /// <summary>Every action, for the Log page's filter.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RuleCreate, RuleUpdate, RuleToggle, RuleDelete,
        DdnsCreate, DdnsUpdate, DdnsDelete,
        BlocklistAdd, BlocklistRemove, BlocklistExpire,
        CertificateUpload, CertificateIssue, CertificateRenew, CertificateSelfSign, CertificateDelete,
        RouterAdopt, RouterRemove,
        SettingsChange, BackupRestore, Import, AccountCreate, AccountPassword, AccountTwoFactorOn, AccountTwoFactorOff,
        TokenCreate, TokenRevoke,
        SignInSuccess, SignInFailure, SessionRevoke,
    ];
}
