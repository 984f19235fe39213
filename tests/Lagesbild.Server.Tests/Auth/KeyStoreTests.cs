using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>A server that keeps its keys in the database (DataProtection:Keys=Database), as every node of several does.</summary>
public abstract class KeysInDatabase(TestStore store) : LagesbildFactory(store)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("DataProtection:Keys", "Database")];
}

public sealed class KeysInDatabaseOnSqlite() : KeysInDatabase(new SqliteStore());

public sealed class KeysInDatabaseOnPostgres() : KeysInDatabase(new PostgresStore());

public abstract class KeyStoreTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : KeysInDatabase
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sign_ins_and_a_sensors_secret_are_protected_with_a_key_in_the_database_and_none_in_the_data_folder()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await app.GuardedSchoolAsync(new Place(18.0450, 59.3190), FridayNight);
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var sensor = app.CreateClient();

        var me = await coordinator.GetJsonAsync("/api/auth/me");
        var receipt = await (await Consoles.SendEventAsync(sensor, school.SensorId, school.Secret, "key-in-database", FridayNight)).ExpectAsync(HttpStatusCode.OK);
        var keys = await app.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.Equal(app.UserIds[Role.Coordinator], me.GetProperty("id").GetInt32());
        Assert.True(receipt.GetProperty("armed").GetBoolean());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("<key id=", xml, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "keys")));
    }
}

public sealed class KeyStoreOnSqlite(KeysInDatabaseOnSqlite app) : KeyStoreTests<KeysInDatabaseOnSqlite>(app);

public sealed class KeyStoreOnPostgres(KeysInDatabaseOnPostgres app) : KeyStoreTests<KeysInDatabaseOnPostgres>(app);
