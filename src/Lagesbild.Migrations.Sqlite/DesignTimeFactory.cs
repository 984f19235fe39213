using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lagesbild.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for SQLite.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<LagesbildDb>
{
    public LagesbildDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LagesbildDb>();
        DataStore.Configure(options, DatabaseProvider.Sqlite, "Data Source=design.db");
        return new LagesbildDb(options.Options);
    }
}
