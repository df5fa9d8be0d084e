using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace PortFwd.Web.Accounts.Tokens;

/// <summary>
/// What a token's scope allows, as authorization requirements, so it holds for every endpoint without each saying so:
/// <see cref="ReadOnlyMethods"/> sits in the default and the fallback policy (a <c>read</c> token may send GET and HEAD
/// only, whatever the endpoint), and <see cref="AdminOnly"/> in the <see cref="AdminPolicy"/> that the few reading
/// endpoints which are not for a read token (the token list) ask for. A cookie session passes both.
/// </summary>
public static class TokenAuthorization
{
    /// <summary>The policy of endpoints that need an admin: the panel's session, or an admin token.</summary>
    public const string AdminPolicy = "admin";

    public const string ReadOnlyDetail = "This token can only read; use an admin token, or the panel, for this.";

    /// <summary>A read token may only send GET and HEAD.</summary>
    public sealed class ReadOnlyMethods : AuthorizationHandler<ReadOnlyMethods>, IAuthorizationRequirement
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadOnlyMethods requirement)
        {
            var method = (context.Resource as HttpContext)?.Request.Method;
            if (!TokenScopes.IsReadOnly(context.User) || (method is not null && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, ReadOnlyDetail));
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Not a read token at all, whatever the method.</summary>
    public sealed class AdminOnly : AuthorizationHandler<AdminOnly>, IAuthorizationRequirement
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminOnly requirement)
        {
            if (TokenScopes.IsReadOnly(context.User))
            {
                context.Fail(new AuthorizationFailureReason(this, ReadOnlyDetail));
            }
            else
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Answers a read token's refused request with a problem detail saying why, not a bare 403; everything else as the
    /// framework does.
    /// </summary>
    public sealed class ScopeRefusal : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(authorizeResult);
            if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure?.FailureReasons
                    .FirstOrDefault(r => r.Handler is ReadOnlyMethods or AdminOnly) is not { } reason)
            {
                return _default.HandleAsync(next, context, policy, authorizeResult);
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Read-only token", Detail = reason.Message },
            }).AsTask();
        }
    }
}
