namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>Which records to keep up to date: the A record (IPv4). AAAA (IPv6) updates are not available yet, so asking for them is refused rather than ignored.</summary>
internal sealed class AddressFamilyValidator : IDdnsAspectValidator
{
    public void Validate(DdnsCheck check)
    {
        if (check.Draft.Ipv6)
        {
            check.Error(DdnsFields.Ipv6, "IPv6 (AAAA) updates are not available yet; leave ipv6 off.");
        }

        if (!check.Draft.Ipv4)
        {
            check.Error(DdnsFields.Ipv4, "Keep ipv4 on: the name's A record is what the panel updates.");
        }
    }
}
