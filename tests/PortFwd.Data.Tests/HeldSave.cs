using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PortFwd.Testing.Storage;

namespace PortFwd.Data.Tests;

/// <summary>
/// Holds the first save whose context <paramref name="matches"/> in <paramref name="write"/> before it takes a database lock:
/// when its own transaction is about to begin, or as it starts saving when it has none yet.
/// </summary>
internal sealed class HeldSave(HeldWrite write, Func<DbContext, bool> matches) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context && matches(context))
        {
            await write.HoldAsync(cancellationToken);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && matches(context))
        {
            await write.HoldAsync(cancellationToken);
        }

        return result;
    }
}
