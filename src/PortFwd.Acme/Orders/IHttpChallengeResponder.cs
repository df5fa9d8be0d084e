namespace PortFwd.Acme;

/// <summary>
/// Answers HTTP-01 challenges: while a token is published, a GET of
/// <c>http://NAME/.well-known/acme-challenge/{token}</c> on port 80 must answer 200 with the key authorization
/// as its body (RFC 8555 §8.3). The panel's port-80 listener implements it.
/// An exception from <see cref="PublishAsync"/> fails that name's authorization with its message (the issuance
/// returns it as an error, it does not throw); one from <see cref="RemoveAsync"/> is logged.
/// </summary>
public interface IHttpChallengeResponder
{
    /// <summary>Starts answering for <paramref name="token"/>; done when the answer is being served.</summary>
    Task PublishAsync(string token, string keyAuthorization, CancellationToken ct);

    /// <summary>Stops answering for <paramref name="token"/> (the challenge is over, passed or failed).</summary>
    Task RemoveAsync(string token, CancellationToken ct);
}
