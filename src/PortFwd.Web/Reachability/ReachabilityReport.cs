using System.Text.Json.Serialization;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Reachability;

/// <summary>The links between a rule's service and the internet, checked in this order.</summary>
public enum CheckStepName
{
    /// <summary>The internal service answers from this machine.</summary>
    Service,

    /// <summary>PortFwd listens on the external port.</summary>
    Relay,

    /// <summary>The home router forwards the port to this machine.</summary>
    Router,

    /// <summary>The router's address is the one the internet sees, with no other NAT in front.</summary>
    [JsonStringEnumMemberName("publicAddress")]
    PublicAddress,

    /// <summary>An outside probe connects to the public address and port.</summary>
    Internet,

    /// <summary>A Dynamic DNS name resolves to the public address (one step per name).</summary>
    Name,
}

/// <summary>How one step went.</summary>
public enum CheckStepStatus
{
    Pass,
    Fail,
    Warn,

    /// <summary>The step cannot be tried (UDP, the probe switched off, out of time); the message says why.</summary>
    Skipped,
}

/// <summary>
/// One step's answer: a plain sentence, and on a failure or warning what to do about it. <see cref="Said"/> and
/// <see cref="FixSaid"/> carry the code and values, so the panel says them in the reader's language; <see cref="Message"/>
/// and <see cref="Fix"/> are the English the API answers.
/// </summary>
public sealed record CheckStep(CheckStepName Name, CheckStepStatus Status, ValidationMessage Said, ValidationMessage? FixSaid = null)
{
    /// <summary>A step said only in English.</summary>
    public CheckStep(CheckStepName name, CheckStepStatus status, string message, string? fix = null)
        : this(name, status, ValidationMessage.Plain(message), fix is null ? null : ValidationMessage.Plain(fix))
    {
    }

    public string Message => Said.Text;

    public string? Fix => FixSaid?.Text;

    public static CheckStep Pass(CheckStepName name, string message) => new(name, CheckStepStatus.Pass, message);

    public static CheckStep Fail(CheckStepName name, string message, string fix) => new(name, CheckStepStatus.Fail, message, fix);

    public static CheckStep Warn(CheckStepName name, string message, string? fix) => new(name, CheckStepStatus.Warn, message, fix);

    public static CheckStep Skipped(CheckStepName name, string message, string? fix = null) => new(name, CheckStepStatus.Skipped, message, fix);

    public static CheckStep Pass(CheckStepName name, ValidationMessage message) => new(name, CheckStepStatus.Pass, message);

    public static CheckStep Fail(CheckStepName name, ValidationMessage message, ValidationMessage fix) => new(name, CheckStepStatus.Fail, message, fix);

    public static CheckStep Warn(CheckStepName name, ValidationMessage message, ValidationMessage? fix) => new(name, CheckStepStatus.Warn, message, fix);

    public static CheckStep Skipped(CheckStepName name, ValidationMessage message, ValidationMessage? fix = null) => new(name, CheckStepStatus.Skipped, message, fix);
}

/// <summary>What the short verdict on a rule's row means, for its colour.</summary>
public enum CheckVerdict
{
    /// <summary>Still running.</summary>
    Checking,

    /// <summary>Reached from the internet.</summary>
    Reachable,

    /// <summary>A link is broken.</summary>
    Broken,

    /// <summary>Nothing failed, but the internet side was not (or could not be) tried.</summary>
    Unconfirmed,
}

/// <summary>A rule's reachability check: its steps so far (in order), and when every step has answered, the verdict.</summary>
public sealed record ReachabilityReport(int RuleId, DateTimeOffset CheckedAt, IReadOnlyList<CheckStep> Steps, bool Finished)
{
    /// <summary>True when the outside probe reached the rule and its service answers; false when a link is broken; null when not known.</summary>
    public bool? Reachable
    {
        get
        {
            if (!Finished)
            {
                return null;
            }

            var internet = Find(CheckStepName.Internet);
            if (Find(CheckStepName.Service)?.Status == CheckStepStatus.Fail)
            {
                return false;
            }

            return internet?.Status switch
            {
                CheckStepStatus.Pass => true,
                CheckStepStatus.Fail => false,
                _ => Steps.Any(s => s.Status == CheckStepStatus.Fail && s.Name is not CheckStepName.Name) ? false : null,
            };
        }
    }

    /// <summary>The verdict's kind, for the badge's colour.</summary>
    public CheckVerdict Verdict => !Finished ? CheckVerdict.Checking
        : Reachable switch
        {
            true => CheckVerdict.Reachable,
            false => CheckVerdict.Broken,
            null => CheckVerdict.Unconfirmed,
        };

    /// <summary>The verdict in a few words, naming the first broken link: what the rule's row shows (and the API says).</summary>
    public string Summary => SummarySaid.Text;

    /// <summary><see cref="Summary"/> with its code, so the panel says it in the reader's language.</summary>
    public ValidationMessage SummarySaid => SummaryTemplate.With();

    private MessageTemplate SummaryTemplate
    {
        get
        {
            if (!Finished)
            {
                return ReachabilityMessages.SummaryChecking;
            }

            if (Reachable == true)
            {
                return ReachabilityMessages.SummaryReachable;
            }

            var failed = Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Fail);
            if (failed?.Name == CheckStepName.Internet)
            {
                // The probe only says the port is closed; a warning on the way says where.
                failed = Steps.FirstOrDefault(s => s.Status == CheckStepStatus.Warn && s.Name is CheckStepName.Router or CheckStepName.PublicAddress) ?? failed;
            }

            return failed?.Name switch
            {
                CheckStepName.Service => ReachabilityMessages.SummaryService,
                CheckStepName.Relay => ReachabilityMessages.SummaryRelay,
                CheckStepName.Router => ReachabilityMessages.SummaryRouter,
                CheckStepName.PublicAddress => failed.Status == CheckStepStatus.Warn ? ReachabilityMessages.SummaryBehindRouter : ReachabilityMessages.SummaryProviderNat,
                CheckStepName.Internet => ReachabilityMessages.SummaryInternet,
                CheckStepName.Name => ReachabilityMessages.SummaryName,
                _ => ReachabilityMessages.SummaryUntried,
            };
        }
    }

    public CheckStep? Find(CheckStepName name) => Steps.FirstOrDefault(s => s.Name == name);
}
