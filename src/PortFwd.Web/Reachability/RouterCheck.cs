using System.Globalization;
using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Nat;
using PortFwd.Web.HomeRouter;
using static PortFwd.Web.Reachability.ReachabilityMessages;

namespace PortFwd.Web.Reachability;

/// <summary>
/// Step 3: the home router forwards the rule's port to this machine. It asks the router itself (its port-mapping table
/// over UPnP; over PCP and NAT-PMP what this client holds there), so a forwarding set up by hand on the router's own
/// page counts too. Without a router to ask it says exactly what to set up there.
/// </summary>
public sealed class RouterCheck(RouterConnection connection, RouterStatusBoard board, TimeProvider time) : IReachabilityStep
{
    public CheckStepName Name => CheckStepName.Router;

    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(3);

    public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = context.Rule;
        var snapshot = board.Snapshot;
        (IPAddress? Local, IPAddress? Gateway) lan = snapshot.LocalAddress is null || snapshot.RouterAddress is null ? LanDefaults.Find() : (null, null);
        context.LanAddress = snapshot.LocalAddress ?? ListenAddressOf(rule) ?? lan.Local;
        context.RouterPage = RouterPage(snapshot, lan.Gateway);
        var manual = ManualSaid(rule, context.LanAddress, context.RouterPage);

        if (connection.Device is not { } device || snapshot.State != RouterState.Found)
        {
            var why = snapshot.State == RouterState.Off ? WhyClientOff.With()
                : !rule.OpenOnRouter ? WhyNotOpenOnRouter.With()
                : WhyNoRouter.With(snapshot.Reason is { } reason ? reason with { Text = reason.Text.TrimEnd('.') } : snapshot.Message.TrimEnd('.'));
            return [CheckStep.Warn(Name, CannotSeeRouter.With(why), manual)];
        }

        var found = new List<PortMapping>();
        foreach (var (protocol, port) in Asked(rule))
        {
            var asked = await device.GetSpecificMappingAsync(protocol, port, ct);
            if (!asked.IsSuccess)
            {
                return [CheckStep.Warn(Name, RouterSaidNothing.With(protocol.ToWireName(), port, asked.Error.Message), RouterSaidNothingFix.With(manual))];
            }

            if (asked.Value is not { } mapping)
            {
                return [OffBySchedule(rule, protocol, port) ?? Missing(rule, protocol, port, board.StatusFor(rule.Id), device.CanListRouterTable, manual)];
            }

            found.Add(mapping);
        }

        var machine = context.LanAddress ?? device.LocalAddress;
        if (found.FirstOrDefault(m => !Same(m.InternalClient, machine) || m.InternalPort != m.ExternalPort) is { } elsewhere)
        {
            return [CheckStep.Fail(Name,
                ForwardsElsewhere.With(elsewhere.Protocol.ToWireName(), elsewhere.ExternalPort, elsewhere.InternalClient, elsewhere.InternalPort, machine, elsewhere.ExternalPort),
                context.RouterPage is { } page ? ForwardsElsewhereFixAt.With(page) : ForwardsElsewhereFix.With())];
        }

        return [CheckStep.Pass(Name, Forwards.With(Ports(rule), machine, Lease(found, time.GetUtcNow())))];
    }

    /// <summary>A missing forwarding PortFwd removed because the rule is outside its schedule; null otherwise.</summary>
    private CheckStep? OffBySchedule(ForwardingRule rule, PortProtocol protocol, int port)
    {
        var now = time.GetUtcNow();
        if (!rule.OpenOnRouter || !rule.Enabled || rule.Schedule is not { } schedule || rule.IsOnAt(now, time.LocalTimeZone))
        {
            return null;
        }

        var until = Rules.ScheduleText.OffUntilMessage(schedule, now, time.LocalTimeZone);
        return CheckStep.Fail(Name, RouterOutsideSchedule.With(protocol.ToWireName(), port, until), OutsideScheduleFix.With());
    }

    /// <summary>The forwarding to set up by hand, in the words of a router's own page.</summary>
    public static string Manual(ForwardingRule rule, IPAddress? lanAddress, string? routerPage) =>
        ManualSaid(rule, lanAddress, routerPage is null ? null : ValidationMessage.Plain(routerPage)).Text;

    /// <summary>The same as <see cref="Manual"/>, with its code and values.</summary>
    public static ValidationMessage ManualSaid(ForwardingRule rule, IPAddress? lanAddress, ValidationMessage? routerPage)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var ports = rule.ExternalPorts;
        object to = (object?)lanAddress ?? LanAddressUnknown.With();
        var where = routerPage is null ? OnRouterPage.With() : OnRouterPageAt.With(routerPage);
        var also = ReachabilityMessages.Optional(rule.OpenOnRouter ? null : OrOpenOnRouter.With());
        return (ports.IsSinglePort ? ManualPort : ManualPorts).With(where, Ports(rule), to, ports.ToString(), also);
    }

    /// <summary>No mapping on the router for a port the rule needs.</summary>
    public static CheckStep Missing(ForwardingRule rule, PortProtocol protocol, int port, RouterRuleStatus? status, bool routerTableListed, string manual) =>
        Missing(rule, protocol, port, status, routerTableListed, ValidationMessage.Plain(manual));

    /// <summary>No mapping on the router for a port the rule needs, with what to set up by hand coded too.</summary>
    public static CheckStep Missing(ForwardingRule rule, PortProtocol protocol, int port, RouterRuleStatus? status, bool routerTableListed, ValidationMessage manual)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var what = $"{protocol.ToWireName()} {port.ToString(CultureInfo.InvariantCulture)}";
        if (!rule.OpenOnRouter)
        {
            // Not PortFwd's job on this rule: a warning with what to set up by hand, not a failure of PortFwd's.
            return routerTableListed
                ? CheckStep.Warn(CheckStepName.Router, NotForwardedNotAsked.With(what), manual)
                : CheckStep.Warn(CheckStepName.Router, CannotListRouterTable.With(), manual);
        }

        if (!rule.Enabled)
        {
            // PortFwd took the forwarding away on purpose: nothing the router lost, nothing PortFwd asks again.
            return CheckStep.Fail(CheckStepName.Router, RouterRuleOff.With(what), RouterRuleOffFix.With());
        }

        return status?.State switch
        {
            RouterRuleState.Pending => CheckStep.Warn(CheckStepName.Router, StillAsking.With(what), WaitAndCheckAgain.With()),
            RouterRuleState.Error => CheckStep.Fail(CheckStepName.Router, RouterError.With(what, (object?)status.Reason ?? status.Message), RouterErrorFix.With(manual)),
            RouterRuleState.Mapped => CheckStep.Fail(CheckStepName.Router, RouterLost.With(what), RouterLostFix.With(manual)),
            // The router was found a moment ago and PortFwd has not asked it yet.
            _ => CheckStep.Warn(CheckStepName.Router, RouterNotAskedYet.With(what), CheckAgainInAMoment.With()),
        };
    }

    /// <summary>The ports the check asks the router about: the first (and for a range the last) of each protocol.</summary>
    private static IEnumerable<(PortProtocol Protocol, int Port)> Asked(ForwardingRule rule)
    {
        var ports = rule.ExternalPorts;
        foreach (var protocol in RouterMappingPlan.Protocols(rule.Protocol))
        {
            yield return (protocol, ports.Start);
            if (!ports.IsSinglePort)
            {
                yield return (protocol, ports.End);
            }
        }
    }

    private static object Ports(ForwardingRule rule)
    {
        var protocols = RouterMappingPlan.Protocols(rule.Protocol).Select(p => p.ToWireName()).ToList();
        return protocols.Count == 2
            ? ProtocolsAnd.With(protocols[0], protocols[1], rule.ExternalPorts.ToString())
            : $"{string.Join(" ", protocols)} {rule.ExternalPorts}";
    }

    private static object Lease(IReadOnlyList<PortMapping> mappings, DateTimeOffset now)
    {
        if (mappings.Select(m => m.ExpiresAt).Where(e => e is not null).Min() is not { } ends)
        {
            return ReachabilityMessages.Optional(mappings.All(m => m.Lease == TimeSpan.Zero) ? LeasePermanent.With() : null);
        }

        var minutes = Math.Max(1, (int)Math.Round((ends - now).TotalMinutes));
        return (minutes == 1 ? LeaseMinute : LeaseMinutes).With(minutes);
    }

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static IPAddress? ListenAddressOf(ForwardingRule rule) =>
        IPAddress.TryParse(rule.ListenAddress, out var a) && !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(a) ? a : null;

    /// <summary>The router's page when it tells one; else its address on the LAN, where most routers answer.</summary>
    private static ValidationMessage? RouterPage(RouterSnapshot snapshot, IPAddress? gateway) =>
        snapshot.WebPage is { } page ? ValidationMessage.Plain(page.ToString()) : (snapshot.RouterAddress ?? gateway) switch
        {
            { } address => RouterPageUsually.With(address),
            null => null,
        };
}
