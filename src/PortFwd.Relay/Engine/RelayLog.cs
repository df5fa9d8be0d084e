using Microsoft.Extensions.Logging;

namespace PortFwd.Relay.Engine;

internal static partial class RelayLog
{
    [LoggerMessage(1, LogLevel.Information, "Relay rule {RuleId} ({RuleName}) listening on {Endpoints}")]
    public static partial void RuleApplied(ILogger logger, int ruleId, string ruleName, string endpoints);

    [LoggerMessage(2, LogLevel.Information, "Relay rule {RuleId} ({RuleName}) updated in place")]
    public static partial void RuleUpdated(ILogger logger, int ruleId, string ruleName);

    [LoggerMessage(3, LogLevel.Warning, "Relay rule {RuleId} ({RuleName}) not applied: {Reason}")]
    public static partial void RuleFailed(ILogger logger, int ruleId, string ruleName, string reason);

    [LoggerMessage(4, LogLevel.Information, "Relay rule {RuleId} ({RuleName}) removed; {Connections} connections closed")]
    public static partial void RuleRemoved(ILogger logger, int ruleId, string ruleName, int connections);

    [LoggerMessage(5, LogLevel.Warning, "Relay rule {RuleId}: accept on {Endpoint} failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, int ruleId, string endpoint, string error);

    [LoggerMessage(6, LogLevel.Debug, "Relay rule {RuleId}: connect to {Target} failed: {Error}")]
    public static partial void UpstreamFailed(ILogger logger, int ruleId, string target, string error);

    [LoggerMessage(7, LogLevel.Warning, "Relay rule {RuleId}: UDP receive on {Endpoint} failed: {Error}")]
    public static partial void UdpReceiveFailed(ILogger logger, int ruleId, string endpoint, string error);
}
