using Lagesbild.Core.Access;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Picture;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Picture;

/// <summary>The picture's in-memory index counts exactly as the database's GROUP BY does, and sees new rows at once.</summary>
public abstract class PictureIndexTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private async Task SeedAsync()
    {
        using var police = app.ClientFor(Role.Police);
        var categories = new[] { "Dealing", "Use", "Syringes", "Vandalism" };
        var classifications = new[] { "Public", "Internal", "Restricted" };
        for (var i = 0; i < 36; i++)
        {
            var place = i % 3 == 0 ? Places.Rinkeby : i % 3 == 1 ? Places.Sodermalm : Places.Next();
            var (lon, lat) = place.At(i % 5 / 5.0, i % 7 / 7.0);
            await police.PostObservationAsync(new ObservationBody(categories[i % 4], lat, lon, Start.AddHours(i * 9.5), Classification: classifications[i % 3]));
        }
    }

    public static TheoryData<Role, string?, string?, bool> Filters() => new()
    {
        { Role.Coordinator, null, null, false },
        { Role.Police, null, null, false },
        { Role.Coordinator, "18-23,42-47,66-71,90-95,114-119", null, false },
        { Role.Police, null, "Dealing,Syringes", true },
        { Role.Analyst, "0-83", "Use", true },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task The_index_counts_what_the_database_counts(Role role, string? hours, string? categories, bool inRinkeby)
    {
        await SeedAsync();
        var district = inRinkeby ? await app.QueryAsync(db => Task.FromResult(db.Districts.Single(d => d.Name == "Rinkeby").Id)) : (int?)null;
        Assert.True(ObservationFilter.TryParse(null, district, null, null, hours, categories, out var parsed, out _));
        var filter = parsed with { From = Start, To = Start.AddDays(20) };
        var user = new CurrentUser(app.UserIds[role], 1, "Test", [role]);

        var indexed = await app.RunAsync<PictureService, Core.Analysis.Picture>(pictures => pictures.CountAsync(filter, user, CancellationToken.None));
        var counted = await app.RunAsync<LagesbildDb, PointCounts>(db =>
            PictureService.CountInDatabaseAsync(filter.Apply(db.Observations, Permissions.VisibleClassifications(user.Roles)), CancellationToken.None));

        Assert.Equal(counted.ByHour.Values.Sum(), indexed.Total);
        Assert.Equal(counted.ByCell.OrderBy(c => c.Key).Select(c => (c.Key, (double)c.Value)), indexed.Grid.Select(c => (c.Cell.Key, c.Count)));
        Assert.Equal(counted.ByCategory.OrderBy(c => c.Key).Select(c => (c.Key, (double)c.Value)), indexed.ByCategory.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
        Assert.Equal(Enumerable.Range(0, HourOfWeek.Count).Select(h => (double)counted.ByHour.GetValueOrDefault(h)), indexed.HourOfWeek);
        Assert.True(indexed.Total > 0);
    }
}

public sealed class PictureIndexOnSqlite(SqliteLagesbild app) : PictureIndexTests<SqliteLagesbild>(app);

public sealed class PictureIndexOnPostgres(PostgresLagesbild app) : PictureIndexTests<PostgresLagesbild>(app);
