using Microsoft.EntityFrameworkCore;

namespace PortFwd.StackFloor;

/// <summary>One table of 50 rows, created with the database at the first start.</summary>
internal sealed class FloorDb(DbContextOptions<FloorDb> options) : DbContext(options)
{
    public const int Rows = 50;

    public DbSet<FloorRow> FloorRows => Set<FloorRow>();

    public static async Task EnsureSeededAsync(IDbContextFactory<FloorDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        if (await db.Database.EnsureCreatedAsync())
        {
            db.FloorRows.AddRange(Enumerable.Range(0, Rows).Select(i => new FloorRow { Name = $"row {i:D3}", Port = 23000 + i }));
            await db.SaveChangesAsync();
        }
    }
}

internal sealed class FloorRow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int Port { get; set; }
}
