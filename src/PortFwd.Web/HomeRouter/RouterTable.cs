using System.Diagnostics.CodeAnalysis;
using PortFwd.Data.Audit;
using PortFwd.Nat;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.HomeRouter;

/// <summary>Why a mapping could not be deleted.</summary>
public enum DeleteMappingErrorKind
{
    /// <summary>No router is connected.</summary>
    NoRouter,

    /// <summary>The mapping is not one PortFwd made; the router's own page manages it.</summary>
    NotOurs,

    /// <summary>The router did not answer or refused.</summary>
    Router,
}

/// <summary>Why a mapping could not be deleted, in plain words.</summary>
public sealed record DeleteMappingError(DeleteMappingErrorKind Kind, string Message);

/// <summary>The outcome of deleting one of PortFwd's mappings from the router.</summary>
public sealed class DeleteMappingResult
{
    private DeleteMappingResult(DeleteMappingError? error) => Error = error;

    public DeleteMappingError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static DeleteMappingResult Ok() => new(null);

    public static DeleteMappingResult Fail(DeleteMappingErrorKind kind, string message) => new(new DeleteMappingError(kind, message));
}

/// <summary>
/// The router's table of port mappings as the router page and <c>GET /api/router</c> show it: which mappings are
/// ours and for which rule, and the one change the panel makes to it by hand (deleting one of ours), which the audit log
/// records once the router has done it (it is the router's table, not the database, that changes).
/// </summary>
public sealed class RouterTable(
    RouterConnection connection, RouterStatusBoard board, RouterMappingReconciler reconciler, AuditTrail? audit = null, AuditStore? auditLog = null)
{
    /// <summary>Whether a mapping on the router is one of ours: our description, pointing at this machine.</summary>
    public bool IsOurs(PortMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var device = connection.Device;
        return mapping.Description.StartsWith(RouterMappingPlan.DescriptionPrefix, StringComparison.Ordinal)
            && (device is null || mapping.InternalClient.Equals(device.LocalAddress));
    }

    /// <summary>The router and every mapping it holds, read from the router now.</summary>
    public async Task<RouterReport> ReportAsync(CancellationToken ct)
    {
        var snapshot = board.Snapshot;
        if (connection.Device is not { } device)
        {
            return RouterReport.From(snapshot, [], null);
        }

        var list = await device.GetAllMappingsAsync(ct);
        if (!list.IsSuccess)
        {
            return RouterReport.From(snapshot, [], list.Error.Message);
        }

        var views = list.Value!
            .OrderBy(m => m.ExternalPort).ThenBy(m => m.Protocol)
            .Select(View)
            .ToList();
        return RouterReport.From(snapshot, views, null);
    }

    /// <summary>Deletes one of PortFwd's mappings from the router; the router's other mappings are not ours to touch.</summary>
    public async Task<DeleteMappingResult> DeleteOurMappingAsync(PortProtocol protocol, int externalPort, CancellationToken ct)
    {
        if (connection.Keeper is not { } keeper)
        {
            return DeleteMappingResult.Fail(DeleteMappingErrorKind.NoRouter, "No router is connected.");
        }

        var found = await keeper.Device.GetSpecificMappingAsync(protocol, externalPort, ct);
        if (!found.IsSuccess)
        {
            return DeleteMappingResult.Fail(DeleteMappingErrorKind.Router, found.Error.Message);
        }

        if (found.Value is not { } mapping || !IsOurs(mapping))
        {
            return DeleteMappingResult.Fail(DeleteMappingErrorKind.NotOurs,
                "Only mappings PortFwd made can be deleted here; the router's own page manages the others.");
        }

        var deleted = await keeper.RemoveAsync(protocol, externalPort, ct);
        // A rule that still wants the port opens it again on the next pass.
        reconciler.Wake();
        if (!deleted.IsSuccess)
        {
            return DeleteMappingResult.Fail(DeleteMappingErrorKind.Router, deleted.Error.Message);
        }

        if (audit is not null && auditLog is not null)
        {
            var before = new { protocol = protocol.ToJsonName(), externalPort, internalClient = mapping.InternalClient.ToString(), mapping.InternalPort, mapping.Description };
            await auditLog.AddAsync(audit.Entry(AuditActions.RouterRemove, $"mapping {externalPort}/{protocol.ToJsonName()}", before), CancellationToken.None);
        }

        return DeleteMappingResult.Ok();
    }

    private RouterMappingView View(PortMapping m)
    {
        var ours = IsOurs(m);
        return new RouterMappingView(m.Protocol, m.ExternalPort, m.InternalClient.ToString(),
            m.InternalPort, m.Description, ours, ours ? reconciler.RuleAt(m.Protocol, m.ExternalPort) : null, m.ExpiresAt, m.Enabled,
            string.IsNullOrEmpty(m.RemoteHost) ? null : m.RemoteHost);
    }
}
