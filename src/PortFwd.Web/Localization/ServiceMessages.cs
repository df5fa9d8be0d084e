using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import;
using PortFwd.Web.Accounts;
using PortFwd.Web.Backup;
using PortFwd.Web.Certificates;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Forwarding;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Reachability;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Localization;

/// <summary>
/// Every coded message the services write (shown as "Msg.{code}"), in one list: the translations' completeness test
/// reads it, so a new template without its English and Spanish resource fails there.
/// </summary>
public static class ServiceMessages
{
    public static IReadOnlyList<MessageTemplate> All { get; } = [.. RuleStatusMessages.All, .. RouterMessages.All, .. AccountMessages.All, .. ReachabilityMessages.All, .. ImportMessages.All, .. BlocklistMessages.All, .. RestoreMessages.All, .. DdnsMessages.All, .. DdnsUpdateMessages.All, .. SettingsMessages.All, .. CertificateMessages.All];
}
