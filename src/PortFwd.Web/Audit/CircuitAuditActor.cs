using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using PortFwd.Data.Audit;

namespace PortFwd.Web.Audit;

/// <summary>
/// The pages' changes happen on a Blazor circuit, not in a request: every event the browser sends (a click, a form
/// submit) runs as the circuit's signed-in user, from the address the circuit's connection came from.
/// </summary>
/// <remarks>
/// The address is read once, when the circuit is created: then the connection's <see cref="HttpContext"/> is there to
/// read; later, on the circuit's own events, it is not reliably.
/// </remarks>
internal sealed class CircuitAuditActor(AuthenticationStateProvider authentication, IHttpContextAccessor http) : CircuitHandler
{
    private readonly string? _address = AuditActors.Text(http.HttpContext?.Connection.RemoteIpAddress);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            var actor = AuditActors.For(state.User, null) with { Address = _address };
            using (AuditTrail.Use(actor))
            {
                await next(context);
            }
        };
}
