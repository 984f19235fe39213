using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Districts;

/// <summary>What an import wrote: the municipality's name as the file gives it, its boroughs and districts, and how many districts it replaced.</summary>
public sealed record AreaImportResult(string Municipality, int Boroughs, int Districts, int Replaced);

/// <summary>The municipality's areas as a hierarchy: its boroughs, each with its districts (id and name).</summary>
public sealed record AreaTree(string Municipality, IReadOnlyList<BoroughNode> Boroughs);

public sealed record BoroughNode(string Name, IReadOnlyList<DistrictNode> Districts);

public sealed record DistrictNode(int Id, string Name);

/// <summary>
/// A municipality's own areas in place of Stockholm's: the file is checked whole (each feature, then the set), and
/// the districts are replaced in one transaction with its audit entry, after which the catalogue reloads. Areas are
/// replaced only on an installation whose records do not yet lie in the present districts: a district id in an
/// observation, a scene, a site, a measure, a meeting, an organisation's area or a guard's patrol would otherwise
/// point at another place, or at none. A city that redraws its districts later needs its records placed again,
/// which this does not do.
/// </summary>
public sealed class AreaImport(LagesbildDb db, DistrictCatalog catalog, AuditTrail audit, IOptions<MunicipalityOptions> options)
{
    public async Task<Outcome<AreaImportResult>> ImportAsync(string text, bool replace, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanImportAreas(user.Roles))
            return new Outcome<AreaImportResult>.Refused("Administrators import the municipality's areas.");
        var refusals = new Refusals();
        var areas = AreaFile.Read(text, refusals);
        if (refusals.Count == 0)
            AreaHierarchy.Check(areas, options.Value.Box, refusals);
        if (refusals.Count > 0)
            return Outcome<AreaImportResult>.Because(refusals);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Districts.CountAsync(ct);
        if (existing > 0 && !replace)
        {
            return Outcome<AreaImportResult>.ConflictAt(new Refusal("replace", RefusalCodes.InUse,
                $"The installation has {existing} districts already; send replace=true to replace them with the file's.", [existing]));
        }
        if (await ReferencesAsync(ct) is { Count: > 0 } references)
        {
            return Outcome<AreaImportResult>.ConflictAt(new Refusal("replace", RefusalCodes.InUse,
                $"Records lie in the present districts ({string.Join(", ", references)}): areas are replaced only on a new installation, before any record is placed.",
                [string.Join(", ", references)]));
        }
        await db.Districts.ExecuteDeleteAsync(ct);
        var districts = areas.Where(a => a.Level == AreaLevel.District).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var boroughs = areas.Where(a => a.Level == AreaLevel.Borough).ToDictionary(a => a.Name, a => a.Name, StringComparer.OrdinalIgnoreCase);
        db.Districts.AddRange(districts.Select(d => new District { Name = d.Name, Borough = boroughs[d.Parent!], Area = (Polygon)d.Shape }));
        await db.SaveChangesAsync(ct);
        var municipality = areas.Single(a => a.Level == AreaLevel.Municipality).Name;
        var result = new AreaImportResult(municipality, boroughs.Count, districts.Count, existing);
        audit.Add(user, "import", "Area", null, DataOwner.City, areas.Count,
            string.Create(CultureInfo.InvariantCulture, $"{municipality}: {result.Boroughs} boroughs, {result.Districts} districts; replaced {existing} districts"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await catalog.LoadAsync(db, ct);
        return result;
    }

    /// <summary>The municipality's boroughs and districts as the catalogue holds them.</summary>
    public AreaTree Tree() => new(catalog.Municipality, catalog.All
        .GroupBy(d => d.Borough, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new BoroughNode(g.Key, g.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new DistrictNode(d.Id, d.Name)).ToList()))
        .ToList());

    /// <summary>
    /// The kinds of record that hold a district (every column the model names DistrictId or DistrictIds), with their
    /// counts: found from the model, so a feature that adds a district column later is counted too.
    /// </summary>
    private async Task<List<string>> ReferencesAsync(CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties().Where(p => p.Name is "DistrictId" or "DistrictIds"))
            {
                var column = property.GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()));
                // Names from the model, never from a request.
                var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\" WHERE \"" + column + "\" IS NOT NULL"
                    + (property.ClrType == typeof(string) ? " AND \"" + column + "\" <> ''" : "");
                var count = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
                if (count > 0)
                    found.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {entity.ClrType.Name}"));
            }
        }
        var surveyed = await db.IndicatorValues.CountAsync(v => v.AreaKind != Core.Indicators.AreaKind.City, ct);
        if (surveyed > 0)
            found.Add(string.Create(CultureInfo.InvariantCulture, $"{surveyed} IndicatorValue"));
        return found;
    }
}
