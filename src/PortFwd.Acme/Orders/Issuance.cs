using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PortFwd.Acme.Protocol;

namespace PortFwd.Acme.Orders;

/// <summary>
/// One run of <see cref="AcmeClient"/>'s <c>IssueAsync</c>: account if none yet, order, each name's HTTP-01
/// challenge (published, answered, decided, unpublished), finalize, download; and the outcome logged once.
/// </summary>
internal sealed partial class Issuance(AcmeClient client, AcmeAccountKey key, ILogger logger)
{
    public async Task<AcmeResult<IssuedCertificate>> RunAsync(string[] names, AsymmetricAlgorithm certificateKey,
        IHttpChallengeResponder responder, string? replaces, CancellationToken ct)
    {
        var issued = await StepsAsync(names, certificateKey, responder, replaces, ct);
        if (issued.IsSuccess)
        {
            LogIssued(logger, string.Join(", ", issued.Value.Names), issued.Value.NotAfter, issued.Value.Issuer);
        }
        else
        {
            LogIssueFailed(logger, string.Join(", ", names), issued.Error.Kind, issued.Error.Message);
        }

        return issued;
    }

    private async Task<AcmeResult<IssuedCertificate>> StepsAsync(string[] names, AsymmetricAlgorithm certificateKey,
        IHttpChallengeResponder responder, string? replaces, CancellationToken ct)
    {
        if (client.AccountUrl is null)
        {
            var account = await client.CreateAccountAsync(ct);
            if (!account.IsSuccess)
            {
                return account.Error;
            }
        }

        var order = await client.CreateOrderAsync(names, replaces, ct);
        if (!order.IsSuccess)
        {
            return order.Error;
        }

        foreach (var url in order.Value.Authorizations)
        {
            var authorized = await AuthorizeAsync(url, responder, ct);
            if (!authorized.IsSuccess)
            {
                return authorized.Error;
            }
        }

        var ready = await client.WaitForOrderAsync(order.Value.Url, ct);
        if (!ready.IsSuccess)
        {
            return ready.Error;
        }

        var done = ready;
        if (ready.Value.Status == AcmeOrderStatus.Ready)
        {
            var finalized = await client.FinalizeAsync(ready.Value, certificateKey, ct);
            if (!finalized.IsSuccess)
            {
                return finalized.Error;
            }

            done = await client.WaitForOrderAsync(order.Value.Url, ct);
            if (!done.IsSuccess)
            {
                return done.Error;
            }
        }

        return done.Value.Certificate is { } certificate
            ? await client.DownloadCertificateAsync(certificate, ct)
            : new AcmeError(AcmeErrorKind.InvalidResponse, $"The order is {done.Value.Status.ToString().ToLowerInvariant()} but names no certificate.");
    }

    /// <summary>One name: publish the key authorization, tell the CA, wait for its verdict, unpublish.</summary>
    private async Task<AcmeResult<AcmeAuthorization>> AuthorizeAsync(Uri url, IHttpChallengeResponder responder, CancellationToken ct)
    {
        var authorization = await client.GetAuthorizationAsync(url, ct);
        if (!authorization.IsSuccess || authorization.Value.Status == AcmeAuthorizationStatus.Valid)
        {
            // Valid already: the CA reused an earlier authorization of this account.
            return authorization;
        }

        var name = authorization.Value.Name;
        if (authorization.Value.Status != AcmeAuthorizationStatus.Pending)
        {
            return Errors.AuthorizationFailed(name, authorization.Value.Challenges.Select(c => c.Problem).FirstOrDefault(p => p is not null));
        }

        if (authorization.Value.Http01 is not { } challenge)
        {
            return new AcmeError(AcmeErrorKind.Rejected, $"The CA offers no HTTP-01 challenge for {name}, the only kind PortFwd answers.")
            {
                Identifier = name,
                Code = "NoHttpChallenge",
                Arguments = [name],
            };
        }

        try
        {
            await responder.PublishAsync(challenge.Token, key.KeyAuthorization(challenge.Token), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The responder is the caller's (a listener that could not start, say): its failure is this name's, as a value.
            return new AcmeError(AcmeErrorKind.AuthorizationFailed, $"The answer to the CA's challenge for {name} could not be published: {e.Message}")
            {
                Identifier = name,
                Code = "ChallengeNotPublished",
                Arguments = [name, e.Message],
            };
        }

        LogChallengePublished(logger, name, challenge.Token);
        try
        {
            if (challenge.Status == AcmeChallengeStatus.Pending)
            {
                var answered = await client.AnswerChallengeAsync(challenge, ct);
                if (!answered.IsSuccess)
                {
                    return answered.Error with { Identifier = name };
                }
            }

            var decided = await client.WaitForAuthorizationAsync(url, ct);
            return decided.IsSuccess ? decided : decided.Error with { Identifier = name };
        }
        finally
        {
            await RemoveAsync(responder, name, challenge.Token);
        }
    }

    /// <summary>
    /// Unpublishes a token: useless after the verdict. The responder is local, so removal is not cancelled with the
    /// issuance, and its failure does not hide the verdict.
    /// </summary>
    private async Task RemoveAsync(IHttpChallengeResponder responder, string name, string token)
    {
        try
        {
            await responder.RemoveAsync(token, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRemoveFailed(logger, name, token, e.Message);
        }
    }

    [LoggerMessage(EventId = EventIds.ChallengePublished, Level = LogLevel.Debug, Message = "ACME HTTP-01 challenge for {Name} published (token {Token})")]
    private static partial void LogChallengePublished(ILogger logger, string name, string token);

    [LoggerMessage(EventId = EventIds.ChallengeRemoveFailed, Level = LogLevel.Warning, Message = "ACME HTTP-01 answer for {Name} (token {Token}) could not be removed: {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string name, string token, string reason);

    [LoggerMessage(EventId = EventIds.CertificateIssued, Level = LogLevel.Debug, Message = "Certificate issued for {Names}, valid until {NotAfter:u}, by {Issuer}")]
    private static partial void LogIssued(ILogger logger, string names, DateTimeOffset notAfter, string issuer);

    [LoggerMessage(EventId = EventIds.IssueFailed, Level = LogLevel.Debug, Message = "Certificate for {Names} not issued ({Kind}): {Reason}")]
    private static partial void LogIssueFailed(ILogger logger, string names, AcmeErrorKind kind, string reason);
}
