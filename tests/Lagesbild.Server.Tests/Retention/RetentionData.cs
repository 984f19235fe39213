using Lagesbild.Core.Alarms;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Retention;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Retention;

/// <summary>Rows of each retained type, written straight to the database at the clock's present time.</summary>
public static class RetentionData
{
    public static Task<IReadOnlyDictionary<string, int>> PassAsync(this LagesbildFactory app) =>
        app.RunAsync<RetentionPass, IReadOnlyDictionary<string, int>>(p => p.RunAsync(CancellationToken.None));

    public static Task<RetentionRun?> RunOfAsync(this LagesbildFactory app, string type) =>
        app.QueryAsync(db => db.RetentionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.DataType == type));

    public static Observation Observation(Place place, DateTimeOffset at, string? text, ObservationCategory category = ObservationCategory.Syringes)
    {
        var grid = Sweref99Tm.Project(place.Lon, place.Lat);
        return new Observation
        {
            Category = category,
            Lat = place.Lat,
            Lon = place.Lon,
            X = grid.X,
            Y = grid.Y,
            CellKey = GridCell.Of(grid).Key,
            Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(place.Lon, place.Lat)),
            OccurredFrom = at.AddHours(-1),
            ReportedAt = at,
            Classification = Classification.Internal,
            Text = text,
            Source = ObservationSource.Staff,
        };
    }

    /// <summary>A closed resident's report at the place, accepted into the picture (so the public map counts it).</summary>
    public static async Task<long> ClosedReportAsync(this LagesbildFactory app, Place place, DateTimeOffset at)
    {
        var grid = Sweref99Tm.Project(place.Lon, place.Lat);
        return await app.QueryAsync(async db =>
        {
            var observation = Observation(place, at, null);
            observation.Source = ObservationSource.PublicReport;
            db.Observations.Add(observation);
            await db.SaveChangesAsync();
            var request = new ServiceRequest
            {
                Token = Guid.NewGuid().ToString("N"),
                ServiceCode = "kanyler",
                ServiceName = "Kanyler",
                Category = ObservationCategory.Syringes,
                Description = "Tre kanyler vid gungorna",
                Lat = place.Lat,
                Lon = place.Lon,
                X = grid.X,
                Y = grid.Y,
                CellKey = GridCell.Of(grid).Key,
                Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(place.Lon, place.Lat)),
                AddressString = "Gungvägen 3",
                MediaUrl = "https://example.org/photo.jpg",
                OnPublicMap = true,
                Status = RequestStatus.Fixed,
                RequestedAt = at,
                UpdatedAt = at,
                TriagedAt = at,
                ObservationId = observation.Id,
            };
            db.ServiceRequests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
    }

    /// <summary>A finding with a photo and text, on a round of a site of its own.</summary>
    public static Task<long> FindingWithPhotoAsync(this LagesbildFactory app, Place place, DateTimeOffset at, int userId) =>
        app.QueryAsync(async db =>
        {
            var site = new Site { Name = $"Förskola {Guid.NewGuid():N}", Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(place.Lon, place.Lat)), CreatedAt = at, UpdatedAt = at };
            db.Sites.Add(site);
            var observation = Observation(place, at, null);
            observation.Source = ObservationSource.Round;
            db.Observations.Add(observation);
            await db.SaveChangesAsync();
            var round = new Round { SiteId = site.Id, Date = DateOnly.FromDateTime(at.UtcDateTime), Deadline = at, CreatedAt = at };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
            var finding = new Finding
            {
                RoundId = round.Id,
                Count = 2,
                Lat = place.Lat,
                Lon = place.Lon,
                Text = "Under rutschkanan",
                ObservationId = observation.Id,
                FoundAt = at,
                RecordedAt = at,
                CreatedById = userId,
                HasPhoto = true,
            };
            db.Findings.Add(finding);
            await db.SaveChangesAsync();
            db.FindingPhotos.Add(new FindingPhoto { FindingId = finding.Id, Jpeg = [0xFF, 0xD8, 0xFF, 0xD9], Width = 1, Height = 1 });
            await db.SaveChangesAsync();
            return finding.Id;
        });

    /// <summary>An alarm of the given status with the number of events, all received at the instant.</summary>
    public static Task<(long Alarm, List<long> Events)> AlarmAsync(this LagesbildFactory app, Place place, DateTimeOffset at, AlarmStatus status, int events) =>
        app.QueryAsync(async db =>
        {
            var site = new Site { Name = $"Skola {Guid.NewGuid():N}", Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(place.Lon, place.Lat)), CreatedAt = at, UpdatedAt = at };
            db.Sites.Add(site);
            await db.SaveChangesAsync();
            var sensor = new Sensor { SiteId = site.Id, Kind = SensorKind.Motion, Name = "Rörelse gård", ProtectedSecret = "x", CreatedAt = at };
            var alarm = new Alarm { SiteId = site.Id, Status = status, OpenedAt = at, LastEventAt = at, EventCount = events };
            db.Sensors.Add(sensor);
            db.Alarms.Add(alarm);
            await db.SaveChangesAsync();
            var rows = Enumerable.Range(0, events).Select(i => new SensorEvent
            {
                SensorId = sensor.Id,
                EventId = $"e{i}",
                Type = "motion",
                OccurredAt = at,
                ReceivedAt = at,
                AlarmId = alarm.Id,
                BodyHash = "h",
                Armed = true,
            }).ToList();
            db.SensorEvents.AddRange(rows);
            await db.SaveChangesAsync();
            return (alarm.Id, rows.Select(r => r.Id).ToList());
        });

    public static Task<long> NotificationAsync(this LagesbildFactory app, int userId, DateTimeOffset at) =>
        app.QueryAsync(async db =>
        {
            var notification = new Notification { UserId = userId, Kind = "round.missed", Text = "Morgonronden var inte klar.", CreatedAt = at };
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            return notification.Id;
        });
}
