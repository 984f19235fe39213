using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Audit;

/// <summary>A server with Audit:Enabled=false (which exists only for the benchmark) adds no entries.</summary>
public abstract class AuditOffTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task With_audit_off_a_restricted_read_writes_no_entry()
    {
        var id = await app.RestrictedObservationAsync();
        using var police = app.ClientFor(Role.Police);

        await police.GetJsonAsync($"/api/observations/{id}");
        var check = await police.GetJsonAsync("/api/audit/verify");

        Assert.Equal(0, await app.QueryAsync(db => db.AuditEntries.CountAsync()));
        Assert.True(check.GetProperty("valid").GetBoolean());
    }
}

public sealed class SqliteAuditOff() : LagesbildFactory(new SqliteStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Audit:Enabled", "false")];
}

public sealed class PostgresAuditOff() : LagesbildFactory(new PostgresStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Audit:Enabled", "false")];
}

public sealed class AuditOffOnSqlite(SqliteAuditOff app) : AuditOffTests<SqliteAuditOff>(app);

public sealed class AuditOffOnPostgres(PostgresAuditOff app) : AuditOffTests<PostgresAuditOff>(app);
