namespace PortFwd.Core.Rules;

/// <summary>
/// A service a rule would open on the router that is dangerous on the internet: scanned for around the clock and
/// attacked within minutes (password guessing, ransomware, unauthenticated databases).
/// </summary>
/// <param name="Port">The port, as the rule's external or internal range holds it.</param>
/// <param name="Service">What answers on that port, in words ("Remote Desktop").</param>
public sealed record RouterRisk(int Port, string Service)
{
    /// <summary>The sentence the form and the API show under <see cref="RuleFields.ConfirmRisk"/>.</summary>
    public string Message => $"Port {Port} is {Service}; opening it on the router exposes it to the internet. Confirm the risk to save.";
}
