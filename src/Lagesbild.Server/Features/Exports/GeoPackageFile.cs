using System.Globalization;
using Lagesbild.Core.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Lagesbild.Server.Features.Exports;

public enum GeoPackageType
{
    Integer,
    Real,
    Text,
    Boolean,
    /// <summary>An instant, written in UTC as the standard's DATETIME (ISO 8601 with Z).</summary>
    DateTime,
    Date,
}

public sealed record GeoPackageColumn(string Name, GeoPackageType Type);

/// <summary>A feature: its WGS84 geometry and one value per column (null, a number, text, a bool, an instant or a date).</summary>
public sealed record GeoPackageFeature(long Id, Geometry Geometry, IReadOnlyList<object?> Values);

/// <summary>A feature table: its name (fixed by the code, never a client's text), its geometry type and columns.</summary>
public sealed record GeoPackageLayer(string Name, string Description, string GeometryType, IReadOnlyList<GeoPackageColumn> Columns, IReadOnlyList<GeoPackageFeature> Features);

/// <summary>
/// Writes an OGC GeoPackage 1.3 (the core's tables: gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns, one
/// feature table per layer) with SQLite. NetTopologySuite.IO.GeoPackage encodes the geometries (the GeoPackage binary
/// header with its envelope, then WKB) but writes no tables, so the tables are written here to the standard; GDAL
/// reads the result in the tests.
/// </summary>
public static class GeoPackageFile
{
    public const int Wgs84 = 4326;

    /// <summary>'GPKG' as the SQLite application id, and 1.3.0 as user_version (the standard's requirements 2 and 3).</summary>
    private const int ApplicationId = 0x47504B47;
    private const int UserVersion = 10300;

    private const string Wgs84Wkt =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>Writes the layers, in WGS84 or (srid 3006) SWEREF 99 TM, to a new file at <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<GeoPackageLayer> layers, int srid, DateTimeOffset at, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, ct, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {UserVersion};"));
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, ct, """
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
                organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
                last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
                z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            """);
        foreach (var (name, id, organisation, definition) in new[]
        {
            ("Undefined cartesian SRS", -1, "NONE", "undefined"),
            ("Undefined geographic SRS", 0, "NONE", "undefined"),
            ("WGS 84 geodetic", Wgs84, "EPSG", Wgs84Wkt),
            ("SWEREF99 TM", Sweref99Tm.Srid, "EPSG", Sweref99Tm.Wkt),
        })
        {
            await ExecuteAsync(connection, transaction, ct,
                "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition) VALUES ($name, $id, $organisation, $id, $definition)",
                ("$name", name), ("$id", id), ("$organisation", organisation), ("$definition", definition));
        }
        foreach (var layer in layers)
            await WriteLayerAsync(connection, transaction, layer, srid, at, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task WriteLayerAsync(SqliteConnection connection, SqliteTransaction transaction, GeoPackageLayer layer, int srid, DateTimeOffset at, CancellationToken ct)
    {
        var columns = string.Concat(layer.Columns.Select(c => $", \"{c.Name}\" {SqlType(c.Type)}"));
        await ExecuteAsync(connection, transaction, ct, $"CREATE TABLE \"{layer.Name}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {layer.GeometryType}{columns})");
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var extent = new Envelope();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            var names = string.Concat(layer.Columns.Select(c => $", \"{c.Name}\""));
            var values = string.Concat(layer.Columns.Select((_, i) => $", $v{i}"));
            insert.CommandText = $"INSERT INTO \"{layer.Name}\" (fid, geom{names}) VALUES ($fid, $geom{values})";
            var fid = insert.Parameters.Add("$fid", SqliteType.Integer);
            var geom = insert.Parameters.Add("$geom", SqliteType.Blob);
            // No type set: each value is bound as what it is (an integer, a real, text).
            var parameters = layer.Columns.Select((_, i) => insert.Parameters.AddWithValue($"$v{i}", DBNull.Value)).ToList();
            foreach (var feature in layer.Features)
            {
                var geometry = srid == Sweref99Tm.Srid ? Sweref99Tm.Project(feature.Geometry) : feature.Geometry;
                geometry.SRID = srid;
                extent.ExpandToInclude(geometry.EnvelopeInternal);
                fid.Value = feature.Id;
                geom.Value = writer.Write(geometry);
                for (var i = 0; i < parameters.Count; i++)
                    parameters[i].Value = Value(feature.Values[i]);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
        await ExecuteAsync(connection, transaction, ct,
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) " +
            "VALUES ($name, 'features', $name, $description, $at, $minX, $minY, $maxX, $maxY, $srid)",
            ("$name", layer.Name), ("$description", layer.Description), ("$at", Value(at)),
            ("$minX", extent.IsNull ? null : extent.MinX), ("$minY", extent.IsNull ? null : extent.MinY),
            ("$maxX", extent.IsNull ? null : extent.MaxX), ("$maxY", extent.IsNull ? null : extent.MaxY), ("$srid", srid));
        await ExecuteAsync(connection, transaction, ct,
            "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ($name, 'geom', $type, $srid, 0, 0)",
            ("$name", layer.Name), ("$type", layer.GeometryType), ("$srid", srid));
    }

    private static string SqlType(GeoPackageType type) => type switch
    {
        GeoPackageType.Integer => "INTEGER",
        GeoPackageType.Real => "DOUBLE",
        GeoPackageType.Boolean => "BOOLEAN",
        GeoPackageType.DateTime => "DATETIME",
        GeoPackageType.Date => "DATE",
        _ => "TEXT",
    };

    /// <summary>A value as the standard stores it: instants as UTC text with milliseconds and Z, dates as yyyy-MM-dd, booleans as 0 or 1.</summary>
    private static object Value(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? 1 : 0,
        Enum name => name.ToString(),
        _ => value,
    };

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
