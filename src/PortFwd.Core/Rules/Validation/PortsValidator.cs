namespace PortFwd.Core.Rules.Validation;

/// <summary>External port, range end and internal port, and the ports reserved for others (the panel's own).</summary>
internal sealed class PortsValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        CheckExternalPort(check);
        CheckRangeEnd(check);
        CheckInternalPort(check);
        CheckReservedPorts(check);
    }

    private static void CheckExternalPort(RuleCheck check)
    {
        if (check.Draft.ExternalPort is not { } port)
        {
            check.Error(RuleFields.ExternalPort, "Enter the external port, a number from 1 to 65535.");
        }
        else if (!RuleCheck.IsPort(port))
        {
            check.Error(RuleFields.ExternalPort, $"The external port must be from 1 to 65535; {port} is outside that.");
        }
        else
        {
            check.ExternalPort = port;
        }
    }

    private static void CheckRangeEnd(RuleCheck check)
    {
        // An end equal to the start is a single port, not a range.
        if (check.Draft.ExternalPortEnd is not { } end || end == check.Draft.ExternalPort)
        {
            return;
        }

        if (check.Protocol == Protocol.Http)
        {
            check.Error(RuleFields.ExternalPortEnd, "HTTP rules listen on a single port; leave External port end empty.");
        }
        else if (!RuleCheck.IsPort(end))
        {
            check.Error(RuleFields.ExternalPortEnd, $"The last port of the range must be from 1 to 65535; {end} is outside that.");
        }
        else if (check.ExternalPort is { } start && end < start)
        {
            check.Error(RuleFields.ExternalPortEnd, $"The last port of the range ({end}) must not be below the first port ({start}).");
        }
        else if (check.ExternalPort is { } first && end - first + 1 > RuleLimits.MaxRangePorts)
        {
            check.Error(RuleFields.ExternalPortEnd, $"A range can hold at most {RuleLimits.MaxRangePorts} ports; {first}-{end} has {end - first + 1}.");
        }
        else if (check.Draft.OpenOnRouter && check.ExternalPort is { } low && end - low + 1 > RuleLimits.MaxRouterRangePorts)
        {
            check.Error(RuleFields.ExternalPortEnd,
                $"A range opened on the router can hold at most {RuleLimits.MaxRouterRangePorts} ports (the router keeps one mapping per port); {low}-{end} has {end - low + 1}. Use a shorter range or turn off Open on router.");
        }
        else
        {
            check.ExternalPortEnd = end;
        }
    }

    private static void CheckInternalPort(RuleCheck check)
    {
        var count = check.PortCount;
        if (check.Draft.InternalPort is not { } port)
        {
            check.Error(RuleFields.InternalPort, "Enter the internal port, a number from 1 to 65535.");
            return;
        }

        if (!RuleCheck.IsPort(port))
        {
            check.Error(RuleFields.InternalPort, $"The internal port must be from 1 to 65535; {port} is outside that.");
            return;
        }

        check.InternalPort = port;
        if (port + count - 1 > RuleLimits.MaxPort)
        {
            check.Error(RuleFields.InternalPort,
                $"The range maps {count} ports one to one, so the internal ports would run {port}-{port + count - 1}, past 65535; choose an internal port of at most {RuleLimits.MaxPort - count + 1}.");
        }
    }

    /// <summary>Reserved ports are TCP ports (the panel's), so a UDP-only rule may share their numbers.</summary>
    private static void CheckReservedPorts(RuleCheck check)
    {
        if (check.ExternalPort is not { } start || check.Protocol is not { } protocol || !protocol.UsesTcp())
        {
            return;
        }

        var range = new PortRange(start, check.ExternalPortEnd ?? start);
        foreach (var reserved in check.Context.ReservedPorts)
        {
            if (range.Contains(reserved.Port))
            {
                check.Error(RuleFields.ExternalPort, $"Port {reserved.Port} is {reserved.Reason}; choose another external port.");
            }
        }
    }
}
