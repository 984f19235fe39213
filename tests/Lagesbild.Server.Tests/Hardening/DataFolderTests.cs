using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>The data folder, the database file and the sign-in keys are readable by the service's user only (Unix modes; the server runs on Linux).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class DataFolderTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void The_data_folder_and_the_keys_are_the_owners_only()
    {
        var keys = Path.Combine(app.DataDirectory, "keys");

        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(app.DataDirectory));
        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(keys));
        // The factory signed its users in, which made the first key.
        var keyFiles = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, key => Assert.Equal(File, System.IO.File.GetUnixFileMode(key)));
    }

    [Fact]
    public void The_sqlite_database_and_its_journal_are_the_owners_only()
    {
        var files = Directory.GetFiles(app.DataDirectory, "lagesbild.db*");

        if (app.Provider == DatabaseProvider.Sqlite)
            Assert.Contains(Path.Combine(app.DataDirectory, "lagesbild.db"), files);
        else
            Assert.Empty(files);
        Assert.All(files, file => Assert.Equal(File, System.IO.File.GetUnixFileMode(file)));
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderOnSqlite(SqliteLagesbild app) : DataFolderTests<SqliteLagesbild>(app);

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderOnPostgres(PostgresLagesbild app) : DataFolderTests<PostgresLagesbild>(app);
