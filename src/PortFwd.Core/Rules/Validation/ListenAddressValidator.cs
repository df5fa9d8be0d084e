namespace PortFwd.Core.Rules.Validation;

/// <summary>
/// The address the rule listens on. Empty means every address, so anything typed must be a plain unicast IP:
/// a typo such as 192.168.1.300 is an error, never "all addresses".
/// </summary>
internal sealed class ListenAddressValidator : IRuleAspectValidator
{
    public void Validate(RuleCheck check)
    {
        var typed = check.Draft.ListenAddress?.Trim();
        if (string.IsNullOrEmpty(typed))
        {
            return;
        }

        if (!AddressText.TryParse(typed, out var address) || address.IsIPv4MappedToIPv6 || AddressText.IsMulticastOrBroadcast(address))
        {
            check.Error(RuleFields.ListenAddress, $"\"{typed}\" is not an address this machine can listen on; use an IP address of this machine, like 192.168.1.10, or leave it empty for all addresses.");
            return;
        }

        check.ListenAddress = address.ToString();
    }
}
