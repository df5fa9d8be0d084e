namespace PortFwd.Core.Certificates;

/// <summary>What rule validation must know about a stored certificate: the names it covers and when it is valid.</summary>
/// <param name="Id">The stored certificate's id.</param>
/// <param name="Names">Its DNS names (subject alternative names).</param>
/// <param name="NotBefore">Valid from.</param>
/// <param name="NotAfter">Valid until.</param>
public sealed record CertificateFacts(int Id, IReadOnlyList<string> Names, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
