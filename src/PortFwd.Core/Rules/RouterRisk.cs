using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>
/// A service a rule would open on the router that is dangerous on the internet: scanned for around the clock and
/// attacked within minutes (password guessing, ransomware, unauthenticated databases).
/// </summary>
/// <param name="Port">The port, as the rule's external or internal range holds it.</param>
/// <param name="ServiceSaid">What answers on that port, in words with a code ("Remote Desktop"), for the panel's languages.</param>
public sealed record RouterRisk(int Port, ValidationMessage ServiceSaid)
{
    /// <summary>What answers on the port, in English.</summary>
    public string Service => ServiceSaid.Text;

    /// <summary>The sentence the form and the API show under <see cref="RuleFields.ConfirmRisk"/>, with its code.</summary>
    public ValidationMessage Said => RuleMessages.RouterRisk.With(Port, ServiceSaid);

    /// <summary><see cref="Said"/> in English.</summary>
    public string Message => Said.Text;
}
