using System.Globalization;
using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.HomeRouter;

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
        var manual = Manual(rule, context.LanAddress, context.RouterPage);

        if (connection.Device is not { } device || snapshot.State != RouterState.Found)
        {
            var why = snapshot.State == RouterState.Off ? "the router client is switched off (PortFwd:Router:Enabled)"
                : !rule.OpenOnRouter ? "\"Open on router\" is off for this rule"
                : $"no router answers ({snapshot.Message.TrimEnd('.')})";
            return [CheckStep.Warn(Name, $"PortFwd cannot see the router's forwardings: {why}.", manual)];
        }

        var found = new List<PortMapping>();
        foreach (var (protocol, port) in Asked(rule))
        {
            var asked = await device.GetSpecificMappingAsync(protocol, port, ct);
            if (!asked.IsSuccess)
            {
                return [CheckStep.Warn(Name, $"The router did not say whether it forwards {protocol.ToWireName()} {port.ToString(CultureInfo.InvariantCulture)}: {asked.Error.Message}",
                    "Check again in a minute. " + manual)];
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
                $"The router forwards {elsewhere.Protocol.ToWireName()} {elsewhere.ExternalPort.ToString(CultureInfo.InvariantCulture)} to {elsewhere.InternalClient}:{elsewhere.InternalPort.ToString(CultureInfo.InvariantCulture)}, not to this machine ({machine}:{elsewhere.ExternalPort.ToString(CultureInfo.InvariantCulture)}).",
                $"Remove that forwarding on the router's own page{At(context.RouterPage)}, or give this rule another external port.")];
        }

        return [CheckStep.Pass(Name, $"The router forwards {Ports(rule)} to this machine ({machine}){Lease(found, time.GetUtcNow())}.")];
    }

    /// <summary>A missing forwarding PortFwd removed because the rule is outside its schedule; null otherwise.</summary>
    private CheckStep? OffBySchedule(ForwardingRule rule, PortProtocol protocol, int port)
    {
        var now = time.GetUtcNow();
        if (!rule.OpenOnRouter || !rule.Enabled || rule.Schedule is not { } schedule || rule.IsOnAt(now, time.LocalTimeZone))
        {
            return null;
        }

        var until = Rules.ScheduleText.OffUntil(schedule, now, time.LocalTimeZone);
        return CheckStep.Fail(Name, $"The router does not forward {protocol.ToWireName()} {port.ToString(CultureInfo.InvariantCulture)}: the rule is outside its schedule ({until}), so PortFwd removed its forwarding there.",
            "Check again while its schedule has it on, or change the schedule in the rule's Advanced section.");
    }

    /// <summary>The forwarding to set up by hand, in the words of a router's own page.</summary>
    public static string Manual(ForwardingRule rule, IPAddress? lanAddress, string? routerPage)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var ports = rule.ExternalPorts;
        var to = lanAddress?.ToString() ?? "this machine's LAN address";
        var where = routerPage is null ? "On the router's own page" : $"On the router's own page ({routerPage})";
        var also = rule.OpenOnRouter ? "" : ", or turn on \"Open on router\" for this rule and let PortFwd do it";
        return $"{where}, under \"Port forwarding\" (also called \"Virtual servers\" or \"NAT\"), forward {Ports(rule)} to {to} {(ports.IsSinglePort ? "port" : "ports")} {ports}{also}.";
    }

    /// <summary>No mapping on the router for a port the rule needs.</summary>
    public static CheckStep Missing(ForwardingRule rule, PortProtocol protocol, int port, RouterRuleStatus? status, bool routerTableListed, string manual)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var what = $"{protocol.ToWireName()} {port.ToString(CultureInfo.InvariantCulture)}";
        if (!rule.OpenOnRouter)
        {
            // Not PortFwd's job on this rule: a warning with what to set up by hand, not a failure of PortFwd's.
            return routerTableListed
                ? CheckStep.Warn(CheckStepName.Router, $"The router does not forward {what}, and \"Open on router\" is off for this rule.", manual)
                : CheckStep.Warn(CheckStepName.Router,
                    $"\"Open on router\" is off for this rule, and this router (PCP or NAT-PMP) cannot show forwardings set up on its own page.", manual);
        }

        if (!rule.Enabled)
        {
            // PortFwd took the forwarding away on purpose: nothing the router lost, nothing PortFwd asks again.
            return CheckStep.Fail(CheckStepName.Router, $"The router does not forward {what}: the rule is turned off, so PortFwd removed its forwarding there.",
                "Turn the rule on with its switch in the rules table; PortFwd then asks the router to forward the port again.");
        }

        return status?.State switch
        {
            RouterRuleState.Pending => CheckStep.Warn(CheckStepName.Router, $"PortFwd is still asking the router to forward {what}.", "Wait a moment and check again."),
            RouterRuleState.Error => CheckStep.Fail(CheckStepName.Router, $"The router does not forward {what}. {status.Message}",
                "Check that the router allows UPnP (or NAT-PMP/PCP) to open ports and that no other device holds this port there. " + manual),
            RouterRuleState.Mapped => CheckStep.Fail(CheckStepName.Router, $"The router does not forward {what}, although it had agreed to (it may have restarted and lost it).",
                "PortFwd asks again on its next pass; check again in a minute. " + manual),
            // The router was found a moment ago and PortFwd has not asked it yet.
            _ => CheckStep.Warn(CheckStepName.Router, $"The router does not forward {what} yet: PortFwd has not asked it since it was found.",
                "Check again in a moment."),
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

    private static string Ports(ForwardingRule rule)
    {
        var protocols = string.Join(" and ", RouterMappingPlan.Protocols(rule.Protocol).Select(p => p.ToWireName()));
        return $"{protocols} {rule.ExternalPorts}";
    }

    private static string Lease(IReadOnlyList<PortMapping> mappings, DateTimeOffset now)
    {
        if (mappings.Select(m => m.ExpiresAt).Where(e => e is not null).Min() is not { } ends)
        {
            return mappings.All(m => m.Lease == TimeSpan.Zero) ? ", permanently" : "";
        }

        var minutes = Math.Max(1, (int)Math.Round((ends - now).TotalMinutes));
        return string.Create(CultureInfo.InvariantCulture, $"; the lease has {minutes} {(minutes == 1 ? "minute" : "minutes")} left and PortFwd renews it");
    }

    private static string At(string? page) => page is null ? "" : $" ({page})";

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static IPAddress? ListenAddressOf(ForwardingRule rule) =>
        IPAddress.TryParse(rule.ListenAddress, out var a) && !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(a) ? a : null;

    /// <summary>The router's page when it tells one; else its address on the LAN, where most routers answer.</summary>
    private static string? RouterPage(RouterSnapshot snapshot, IPAddress? gateway) =>
        snapshot.WebPage?.ToString() ?? (snapshot.RouterAddress ?? gateway) switch
        {
            { } address => $"usually http://{address}/",
            null => null,
        };
}
