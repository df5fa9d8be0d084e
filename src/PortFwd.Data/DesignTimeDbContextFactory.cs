using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PortFwd.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortFwdDbContext>
{
    public PortFwdDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortFwdDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
