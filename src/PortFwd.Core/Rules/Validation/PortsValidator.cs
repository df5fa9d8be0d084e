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
            check.Error(RuleFields.ExternalPort, RuleMessages.ExternalPortMissing);
        }
        else if (!RuleCheck.IsPort(port))
        {
            check.Error(RuleFields.ExternalPort, RuleMessages.ExternalPortOutOfRange, port);
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
            check.Error(RuleFields.ExternalPortEnd, RuleMessages.HttpSinglePort);
        }
        else if (!RuleCheck.IsPort(end))
        {
            check.Error(RuleFields.ExternalPortEnd, RuleMessages.RangeEndOutOfRange, end);
        }
        else if (check.ExternalPort is { } start && end < start)
        {
            check.Error(RuleFields.ExternalPortEnd, RuleMessages.RangeEndBelowStart, end, start);
        }
        else if (check.ExternalPort is { } first && end - first + 1 > RuleLimits.MaxRangePorts)
        {
            check.Error(RuleFields.ExternalPortEnd, RuleMessages.RangeTooLong, RuleLimits.MaxRangePorts, first, end, end - first + 1);
        }
        else if (check.Draft.OpenOnRouter && check.ExternalPort is { } low && end - low + 1 > RuleLimits.MaxRouterRangePorts)
        {
            check.Error(RuleFields.ExternalPortEnd, RuleMessages.RouterRangeTooLong, RuleLimits.MaxRouterRangePorts, low, end, end - low + 1);
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
            check.Error(RuleFields.InternalPort, RuleMessages.InternalPortMissing);
            return;
        }

        if (!RuleCheck.IsPort(port))
        {
            check.Error(RuleFields.InternalPort, RuleMessages.InternalPortOutOfRange, port);
            return;
        }

        check.InternalPort = port;
        if (port + count - 1 > RuleLimits.MaxPort)
        {
            check.Error(RuleFields.InternalPort, RuleMessages.InternalRangePast65535, count, port, port + count - 1, RuleLimits.MaxPort - count + 1);
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
