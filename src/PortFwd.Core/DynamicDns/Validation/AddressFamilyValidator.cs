namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>Which records to keep up to date: the A record (IPv4), the AAAA record (IPv6) or both; a name with neither would never be updated.</summary>
internal sealed class AddressFamilyValidator : IDdnsAspectValidator
{
    public void Validate(DdnsCheck check)
    {
        if (!check.Draft.Ipv4 && !check.Draft.Ipv6)
        {
            check.Error(DdnsFields.Ipv4, "Turn on ipv4, ipv6 or both: a name with neither is never updated.");
        }
    }
}
