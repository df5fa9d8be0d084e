namespace PortFwd.Core.Rules;

/// <summary>A TCP port no rule may take, with the reason shown to the user (the panel's own port, for one).</summary>
public sealed record ReservedPort(int Port, string Reason);
