using Microsoft.Extensions.Logging;

namespace PortFwd.Relay.Engine;

internal static partial class RelayLog
{
    [LoggerMessage(EventId = EventIds.RuleApplied, Level = LogLevel.Information, Message = "Relay rule {RuleId} ({RuleName}) listening on {Endpoints}")]
    public static partial void RuleApplied(ILogger logger, int ruleId, string ruleName, string endpoints);

    [LoggerMessage(EventId = EventIds.RuleUpdated, Level = LogLevel.Information, Message = "Relay rule {RuleId} ({RuleName}) updated in place")]
    public static partial void RuleUpdated(ILogger logger, int ruleId, string ruleName);

    [LoggerMessage(EventId = EventIds.RuleFailed, Level = LogLevel.Warning, Message = "Relay rule {RuleId} ({RuleName}) not applied: {Reason}")]
    public static partial void RuleFailed(ILogger logger, int ruleId, string ruleName, string reason);

    [LoggerMessage(EventId = EventIds.RuleRemoved, Level = LogLevel.Information, Message = "Relay rule {RuleId} ({RuleName}) removed; {Connections} connections closed")]
    public static partial void RuleRemoved(ILogger logger, int ruleId, string ruleName, int connections);

    [LoggerMessage(EventId = EventIds.AcceptFailed, Level = LogLevel.Warning, Message = "Relay rule {RuleId}: accept on {Endpoint} failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, int ruleId, string endpoint, string error);

    [LoggerMessage(EventId = EventIds.UpstreamFailed, Level = LogLevel.Debug, Message = "Relay rule {RuleId}: connect to {Target} failed: {Error}")]
    public static partial void UpstreamFailed(ILogger logger, int ruleId, string target, string error);

    [LoggerMessage(EventId = EventIds.IdleClosed, Level = LogLevel.Debug, Message = "Relay rule {RuleId}: closed {Connections} TCP connections idle for {IdleSeconds} s")]
    public static partial void IdleClosed(ILogger logger, int ruleId, int connections, long idleSeconds);

    [LoggerMessage(EventId = EventIds.UdpReceiveFailed, Level = LogLevel.Warning, Message = "Relay rule {RuleId}: UDP receive on {Endpoint} failed: {Error}")]
    public static partial void UdpReceiveFailed(ILogger logger, int ruleId, string endpoint, string error);
}
