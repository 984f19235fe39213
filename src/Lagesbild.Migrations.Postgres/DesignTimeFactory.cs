using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lagesbild.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for PostgreSQL with PostGIS.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<LagesbildDb>
{
    public LagesbildDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LagesbildDb>();
        DataStore.Configure(options, DatabaseProvider.Postgres, "Host=127.0.0.1;Database=lagesbild_design");
        return new LagesbildDb(options.Options);
    }
}
