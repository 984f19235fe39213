using Lagesbild.Core.Access;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

/// <summary>
/// One model on two providers. SQLite keeps geometries as WKB and instants as UTC milliseconds (integers
/// compare and index fast); PostgreSQL keeps real PostGIS columns with GiST indexes and timestamptz.
/// </summary>
public sealed class LagesbildDb(DbContextOptions<LagesbildDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<User> Users => Set<User>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<Scene> Scenes => Set<Scene>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<IndicatorValue> IndicatorValues => Set<IndicatorValue>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<PersonalToken> PersonalTokens => Set<PersonalToken>();
    public DbSet<ServiceRequest> ServiceRequests => Set<ServiceRequest>();
    public DbSet<ServiceRequestUpdate> ServiceRequestUpdates => Set<ServiceRequestUpdate>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<SceneStatusEntry> SceneStatusEntries => Set<SceneStatusEntry>();
    public DbSet<SceneNote> SceneNotes => Set<SceneNote>();
    public DbSet<SceneArea> SceneAreas => Set<SceneArea>();
    public DbSet<SceneLink> SceneLinks => Set<SceneLink>();
    public DbSet<SceneStatusProposal> SceneStatusProposals => Set<SceneStatusProposal>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Camera> Cameras => Set<Camera>();
    public DbSet<AlarmSnapshot> AlarmSnapshots => Set<AlarmSnapshot>();
    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<Finding> Findings => Set<Finding>();
    public DbSet<FindingPhoto> FindingPhotos => Set<FindingPhoto>();
    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();
    public DbSet<YardPresenceSlot> YardPresenceSlots => Set<YardPresenceSlot>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Sensor> Sensors => Set<Sensor>();
    public DbSet<SensorEvent> SensorEvents => Set<SensorEvent>();
    public DbSet<Alarm> Alarms => Set<Alarm>();
    public DbSet<AlarmEntry> AlarmEntries => Set<AlarmEntry>();
    public DbSet<GuardShift> GuardShifts => Set<GuardShift>();
    public DbSet<PanelAccount> PanelAccounts => Set<PanelAccount>();
    public DbSet<PanelZone> PanelZones => Set<PanelZone>();
    public DbSet<OrganisationArea> OrganisationAreas => Set<OrganisationArea>();
    public DbSet<GuardContract> GuardContracts => Set<GuardContract>();
    public DbSet<ObservationRevision> ObservationRevisions => Set<ObservationRevision>();
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();
    public DbSet<Mapping> Mappings => Set<Mapping>();
    public DbSet<MappingPlace> MappingPlaces => Set<MappingPlace>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingDecision> MeetingDecisions => Set<MeetingDecision>();
    public DbSet<AgreedAction> AgreedActions => Set<AgreedAction>();
    public DbSet<AgreedActionStep> AgreedActionSteps => Set<AgreedActionStep>();
    public DbSet<PoliceEvent> PoliceEvents => Set<PoliceEvent>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<ImportRefusal> ImportRefusals => Set<ImportRefusal>();

    /// <summary>The keys that protect sign-ins, tokens and stored secrets, when the nodes share them through the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    private bool? _isPostgres;

    /// <summary>Whether this context talks to PostgreSQL, asked once (the provider's name is found by reflection).</summary>
    public bool IsPostgres => _isPostgres ??= Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// In the current transaction, waits until no other transaction holds this lock and holds it to the commit: an
    /// advisory lock on PostgreSQL; on SQLite, which has one writer at a time, its write lock taken now rather than at
    /// the first write, so that what the transaction reads next cannot change under it.
    /// </summary>
    public async Task LockAsync(long key, CancellationToken ct)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("LockAsync holds its lock to the end of a transaction: begin one first.");
        if (IsPostgres)
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
        else
            await Database.ExecuteSqlRawAsync("UPDATE \"Settings\" SET \"Key\" = \"Key\" WHERE 0", ct);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (!IsPostgres)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
            configurationBuilder.Properties<Geometry>().HaveConversion<WkbConverter<Geometry>>();
            configurationBuilder.Properties<Polygon>().HaveConversion<WkbConverter<Polygon>>();
            configurationBuilder.Properties<Point>().HaveConversion<WkbConverter<Point>>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (IsPostgres)
            modelBuilder.HasPostgresExtension("postgis");

        modelBuilder.Entity<Organisation>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(200);
            e.HasIndex(o => o.Name).IsUnique();
            e.HasMany(o => o.Areas).WithOne().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OrganisationArea>(e =>
        {
            e.HasKey(a => new { a.OrganisationId, a.DistrictId });
            e.HasOne<District>().WithMany().HasForeignKey(a => a.DistrictId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<GuardContract>(e =>
        {
            e.HasKey(c => new { c.OrganisationId, c.SiteId });
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.SiteId);
        });
        modelBuilder.Entity<ObservationRevision>(e =>
        {
            e.Property(r => r.ByName).HasMaxLength(200);
            e.Property(r => r.Reason).HasMaxLength(2000);
            e.Property(r => r.Before).HasMaxLength(20000);
            e.HasOne<Observation>().WithMany().HasForeignKey(r => r.ObservationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ObservationId, r.Version }).IsUnique();
        });
        modelBuilder.Entity<RetentionRun>(e =>
        {
            e.HasKey(r => r.DataType);
            e.Property(r => r.DataType).HasMaxLength(64);
            e.Property(r => r.ClaimedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<User>(e =>
        {
            e.Property(u => u.Email).HasMaxLength(254);
            e.HasIndex(u => u.Email).IsUnique();
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.Roles).HasConversion(new RolesConverter(), RolesConverter.Comparer).HasMaxLength(400);
            e.Property(u => u.SecurityStamp).HasMaxLength(64);
            e.Property(u => u.TotpSecret).HasMaxLength(1000);
            e.Property(u => u.RecoveryCodes).HasMaxLength(1000);
            e.Property(u => u.ExternalProvider).HasMaxLength(64);
            e.Property(u => u.ExternalSubject).HasMaxLength(200);
            e.HasIndex(u => new { u.ExternalProvider, u.ExternalSubject }).IsUnique();
        });
        modelBuilder.Entity<PersonalToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<District>(e =>
        {
            e.Property(d => d.Name).HasMaxLength(100);
            e.Property(d => d.Borough).HasMaxLength(100);
            Spatial(e.Property(d => d.Area), "Polygon");
            if (IsPostgres)
                e.HasIndex(d => d.Area).HasMethod("gist");
        });
        modelBuilder.Entity<Scene>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Description).HasMaxLength(4000);
            Spatial(e.Property(s => s.Area), "Polygon");
            if (IsPostgres)
                e.HasIndex(s => s.Area).HasMethod("gist");
            e.HasIndex(s => s.Status);
            e.Property(s => s.ManualActiveHours).HasConversion(new ProfileConverter(), ProfileConverter.Comparer);
            e.HasMany(s => s.History).WithOne().HasForeignKey(h => h.SceneId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Notes).WithOne().HasForeignKey(n => n.SceneId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Measure>(e =>
        {
            e.Property(m => m.Title).HasMaxLength(200);
            e.Property(m => m.Description).HasMaxLength(4000);
            Spatial(e.Property(m => m.Area), "Polygon");
            e.HasOne<Scene>().WithMany().HasForeignKey(m => m.SceneId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Site>().WithMany().HasForeignKey(m => m.SiteId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<District>().WithMany().HasForeignKey(m => m.DistrictId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.StartsOn);
            e.Property(m => m.IdempotencyKey).HasMaxLength(200);
            e.Property(m => m.RequestHash).HasMaxLength(64);
            e.HasIndex(m => new { m.CreatedById, m.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<Mapping>(e =>
        {
            e.Property(m => m.Source).HasMaxLength(300);
            e.Property(m => m.ImportedByName).HasMaxLength(200);
            e.Property(m => m.IdempotencyKey).HasMaxLength(200);
            e.Property(m => m.RequestHash).HasMaxLength(64);
            e.HasIndex(m => m.Date);
            e.HasIndex(m => new { m.ImportedById, m.IdempotencyKey }).IsUnique();
            e.HasMany(m => m.Places).WithOne().HasForeignKey(p => p.MappingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MappingPlace>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Notes).HasMaxLength(2000);
            Spatial(e.Property(p => p.Shape), "Geometry");
        });
        MeetingModel(modelBuilder);
        modelBuilder.Entity<PoliceEvent>(e =>
        {
            e.HasIndex(p => p.PoliceId).IsUnique();
            e.HasIndex(p => p.At);
            e.Property(p => p.Name).HasMaxLength(300);
            e.Property(p => p.Summary).HasMaxLength(4000);
            e.Property(p => p.Url).HasMaxLength(500);
            e.Property(p => p.Type).HasMaxLength(100);
            e.Property(p => p.LocationName).HasMaxLength(100);
            e.Property(p => p.NamedAs).HasMaxLength(100);
            e.HasOne<District>().WithMany().HasForeignKey(p => p.DistrictId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.Prefix).HasMaxLength(12);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.HasIndex(k => k.Hash).IsUnique();
        });
        modelBuilder.Entity<ServiceRequest>(e =>
        {
            e.Property(r => r.Token).HasMaxLength(64);
            e.HasIndex(r => r.Token).IsUnique();
            e.Property(r => r.ServiceCode).HasMaxLength(40);
            e.Property(r => r.ServiceName).HasMaxLength(100);
            e.Property(r => r.Description).HasMaxLength(4000);
            e.Property(r => r.Attributes).HasMaxLength(8000);
            e.Property(r => r.AddressString).HasMaxLength(500);
            e.Property(r => r.MediaUrl).HasMaxLength(1000);
            e.Property(r => r.Status).HasMaxLength(40);
            e.Property(r => r.StatusNotes).HasMaxLength(2000);
            e.Property(r => r.ServiceNotice).HasMaxLength(1000);
            e.HasIndex(r => new { r.PromiseOverdueAt, r.ExpectedAt });
            Spatial(e.Property(r => r.Location), "Point");
            if (IsPostgres)
                e.HasIndex(r => r.Location).HasMethod("gist");
            e.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(r => r.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Observation>().WithMany().HasForeignKey(r => r.ObservationId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(r => r.RequestedAt);
            e.HasIndex(r => r.UpdatedAt);
            e.HasIndex(r => new { r.TriagedAt, r.RequestedAt });
            e.Property(r => r.ForwardedTo).HasMaxLength(32);
            e.HasIndex(r => new { r.ForwardedTo, r.ReceivedAt });
            // The key is stored with its client ("web:" or the api_key's id), so clients cannot collide.
            e.Property(r => r.IdempotencyKey).HasMaxLength(220);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.HasIndex(r => r.IdempotencyKey).IsUnique();
        });
        modelBuilder.Entity<ServiceRequestUpdate>(e =>
        {
            e.Property(u => u.Status).HasMaxLength(40);
            e.Property(u => u.Description).HasMaxLength(2000);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(u => u.ServiceRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(u => u.UpdatedAt);
            e.HasIndex(u => u.ServiceRequestId);
            e.Property(u => u.IdempotencyKey).HasMaxLength(220);
            e.HasIndex(u => u.IdempotencyKey).IsUnique();
        });
        modelBuilder.Entity<Setting>(e =>
        {
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(100);
            e.Property(s => s.Value).HasMaxLength(200_000);
        });
        modelBuilder.Entity<IndicatorValue>(e =>
        {
            e.Property(v => v.Indicator).HasMaxLength(200);
            e.Property(v => v.Unit).HasMaxLength(20);
            e.Property(v => v.Area).HasMaxLength(100);
            e.Property(v => v.Source).HasMaxLength(300);
            // One figure per indicator, area and period: an import replaces it rather than doubling it.
            e.HasIndex(v => new { v.Indicator, v.AreaKind, v.Area, v.PeriodFrom, v.PeriodTo }).IsUnique();
        });
        modelBuilder.Entity<SceneStatusEntry>(e =>
        {
            e.Property(h => h.Reason).HasMaxLength(2000);
            e.Property(h => h.ByName).HasMaxLength(200);
            e.HasIndex(h => new { h.SceneId, h.At });
            e.Property(h => h.ConfirmedByName).HasMaxLength(200);
            e.Property(h => h.IdempotencyKey).HasMaxLength(200);
            e.Property(h => h.RequestHash).HasMaxLength(64);
            e.HasIndex(h => new { h.ByUserId, h.IdempotencyKey }).IsUnique();
        });
        SceneLineageModel(modelBuilder);
        modelBuilder.Entity<SceneNote>(e =>
        {
            e.Property(n => n.Text).HasMaxLength(4000);
            e.Property(n => n.AuthorName).HasMaxLength(200);
            e.HasIndex(n => n.SceneId);
        });
        modelBuilder.Entity<Observation>(e =>
        {
            Spatial(e.Property(o => o.Location), "Point");
            if (IsPostgres)
                e.HasIndex(o => o.Location).HasMethod("gist");
            e.Property(o => o.Text).HasMaxLength(4000);
            e.Property(o => o.IdempotencyKey).HasMaxLength(200);
            e.Property(o => o.RequestHash).HasMaxLength(64);
            e.HasIndex(o => new { o.CellKey, o.OccurredFrom });
            // Covers the picture's queries over a time window, so that a whole-city aggregate reads the index only.
            e.HasIndex(o => new { o.OccurredFrom, o.OccurredTo, o.Classification, o.Category, o.CellKey, o.HourOfWeek, o.HoursMask0, o.HoursMask1, o.HoursMask2, o.DistrictId, o.WithdrawnAt })
                .HasDatabaseName("IX_Observations_Picture");
            // The picture's second query, the few observations known only to an interval: without it, that query read
            // every entry of the window in the index above to find none (most observations are known to the hour).
            e.HasIndex(o => o.OccurredFrom).HasFilter("\"OccurredTo\" IS NOT NULL").HasDatabaseName("IX_Observations_Intervals");
            e.HasIndex(o => new { o.Source, o.ReportedAt });
            e.HasIndex(o => new { o.DistrictId, o.OccurredFrom });
            e.HasIndex(o => new { o.CreatedById, o.IdempotencyKey }).IsUnique();
            e.Property(o => o.ImportSource).HasMaxLength(100);
            e.Property(o => o.SourceId).HasMaxLength(100);
            // Makes an import idempotent: a row already stored from the same source is skipped (null pairs never clash).
            e.HasIndex(o => new { o.ImportSource, o.SourceId }).IsUnique();
        });
        modelBuilder.Entity<ImportJob>(e =>
        {
            e.Property(j => j.CreatedByName).HasMaxLength(200);
            e.Property(j => j.Source).HasMaxLength(100);
            e.Property(j => j.FileName).HasMaxLength(260);
            e.Property(j => j.Path).HasMaxLength(1000);
            e.Property(j => j.LastError).HasMaxLength(2000);
            e.Property(j => j.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(j => new { j.CreatedById, j.IdempotencyKey }).IsUnique();
            e.HasIndex(j => j.State);
        });
        modelBuilder.Entity<ImportRefusal>(e =>
        {
            e.Property(r => r.Column).HasMaxLength(40);
            e.Property(r => r.Reason).HasMaxLength(400);
            e.HasOne<ImportJob>().WithMany().HasForeignKey(r => r.ImportJobId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ImportJobId, r.Line });
        });
        modelBuilder.Entity<Camera>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Purpose).HasMaxLength(2000);
            e.Property(c => c.CoveredArea).HasMaxLength(2000);
            e.Property(c => c.Assessment).HasMaxLength(20000);
            e.Property(c => c.AssessedBy).HasMaxLength(200);
            e.Property(c => c.RecordingWindows).HasMaxLength(4000);
            e.Property(c => c.SignageLocation).HasMaxLength(500);
            e.Property(c => c.SnapshotUrl).HasMaxLength(2000);
            e.Property(c => c.OnvifUrl).HasMaxLength(2000);
            e.Property(c => c.SnapshotUserName).HasMaxLength(200);
            e.Property(c => c.SnapshotPassword).HasMaxLength(4000);
            e.Property(c => c.UpdatedByName).HasMaxLength(200);
            e.Property(c => c.RetiredByName).HasMaxLength(200);
            e.Property(c => c.IdempotencyKey).HasMaxLength(200);
            e.Property(c => c.RequestHash).HasMaxLength(64);
            e.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => c.SiteId);
            e.HasIndex(c => new { c.CreatedById, c.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<AlarmSnapshot>(e =>
        {
            e.Property(s => s.CameraName).HasMaxLength(200);
            e.Property(s => s.ContentType).HasMaxLength(40);
            e.Property(s => s.Failure).HasConversion<string>().HasMaxLength(40);
            e.Property(s => s.FailureDetail).HasMaxLength(200);
            e.HasOne<Alarm>().WithMany().HasForeignKey(s => s.AlarmId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Camera>().WithMany().HasForeignKey(s => s.CameraId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => s.AlarmId);
            e.HasIndex(s => new { s.CameraId, s.FetchedAt });
        });
        modelBuilder.Entity<Site>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            Spatial(e.Property(s => s.Location), "Point");
            Spatial(e.Property(s => s.Yard), "Polygon");
            if (IsPostgres)
                e.HasIndex(s => s.Location).HasMethod("gist");
            e.Property(s => s.OpeningHours).HasMaxLength(2000);
            e.Property(s => s.Exceptions).HasMaxLength(20000);
            e.HasIndex(s => s.DistrictId);
            e.HasIndex(s => s.OrganisationId);
            e.Property(s => s.PropertyContactEmail).HasMaxLength(320);
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.PropertyContactOrganisationId).OnDelete(DeleteBehavior.SetNull);
            e.Property(s => s.OverlapToldHours).HasMaxLength(1000);
            e.Property(s => s.FindingJumpToldWeek).HasMaxLength(10);
        });
        modelBuilder.Entity<Round>(e =>
        {
            e.HasOne(r => r.Site).WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.SiteId, r.Date }).IsUnique();
            e.HasIndex(r => new { r.Date, r.Status });
            e.HasIndex(r => new { r.Status, r.Deadline });
            e.Property(r => r.Checklist).HasMaxLength(20000);
            e.Property(r => r.StartedByName).HasMaxLength(200);
            e.Property(r => r.CompletedByName).HasMaxLength(200);
            e.Property(r => r.Note).HasMaxLength(4000);
            e.Property(r => r.CompletionKey).HasMaxLength(300);
            e.HasMany(r => r.Findings).WithOne().HasForeignKey(f => f.RoundId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Finding>(e =>
        {
            e.Property(f => f.Text).HasMaxLength(2000);
            e.Property(f => f.IdempotencyKey).HasMaxLength(200);
            e.Property(f => f.RequestHash).HasMaxLength(64);
            e.HasIndex(f => new { f.CreatedById, f.IdempotencyKey }).IsUnique();
            e.HasOne<Observation>().WithMany().HasForeignKey(f => f.ObservationId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<FindingPhoto>(e =>
        {
            e.HasKey(p => p.FindingId);
            e.HasOne<Finding>().WithOne().HasForeignKey<FindingPhoto>(p => p.FindingId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ChecklistItem>(e =>
        {
            e.Property(c => c.Text).HasMaxLength(200);
            e.HasIndex(c => new { c.Kind, c.Position });
        });
        modelBuilder.Entity<YardPresenceSlot>(e =>
        {
            e.Property(p => p.Who).HasMaxLength(200);
            e.HasOne<Site>().WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.SiteId);
        });
        modelBuilder.Entity<Notification>(e =>
        {
            e.Property(n => n.Kind).HasMaxLength(64);
            e.Property(n => n.Text).HasMaxLength(2000);
            e.Property(n => n.Link).HasMaxLength(400);
            e.Property(n => n.Parameters).HasMaxLength(2000);
            e.HasIndex(n => new { n.UserId, n.CreatedAt });
        });
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.Recipient).HasMaxLength(2000);
            e.Property(m => m.Subject).HasMaxLength(400);
            e.Property(m => m.Body).HasMaxLength(20000);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        });
        modelBuilder.Entity<Sensor>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.ProtectedSecret).HasMaxLength(1000);
            e.Property(x => x.AccessNotes).HasMaxLength(2000);
            e.HasOne(x => x.Site).WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SensorEvent>(e =>
        {
            e.Property(x => x.EventId).HasMaxLength(100);
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.MediaUrl).HasMaxLength(2000);
            e.Property(x => x.BodyHash).HasMaxLength(64);
            e.HasIndex(x => new { x.SensorId, x.EventId }).IsUnique();
            e.HasIndex(x => x.AlarmId);
        });
        modelBuilder.Entity<Alarm>(e =>
        {
            e.HasOne(a => a.Site).WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.Property(a => a.AssignedName).HasMaxLength(200);
            e.Property(a => a.Note).HasMaxLength(4000);
            e.HasIndex(a => new { a.SiteId, a.Status });
            e.HasIndex(a => new { a.Status, a.AcknowledgeBy });
            e.HasMany(a => a.Timeline).WithOne().HasForeignKey(t => t.AlarmId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AlarmEntry>(e =>
        {
            e.Property(t => t.Action).HasMaxLength(32);
            e.Property(t => t.ByName).HasMaxLength(200);
            e.Property(t => t.Detail).HasMaxLength(2000);
        });
        modelBuilder.Entity<PanelAccount>(e =>
        {
            e.Property(p => p.Account).HasMaxLength(16);
            e.Property(p => p.Receiver).HasMaxLength(6);
            e.Property(p => p.Prefix).HasMaxLength(6);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.ProtectedKey).HasMaxLength(1000);
            e.Property(p => p.IdempotencyKey).HasMaxLength(200);
            e.Property(p => p.RequestHash).HasMaxLength(64);
            e.HasIndex(p => p.Account).IsUnique();
            e.HasIndex(p => new { p.CreatedById, p.IdempotencyKey }).IsUnique();
            e.HasOne(p => p.Site).WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Sensor>().WithMany().HasForeignKey(p => p.SensorId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(p => p.Zones).WithOne().HasForeignKey(z => z.PanelAccountId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PanelZone>(e =>
        {
            e.HasIndex(z => new { z.PanelAccountId, z.Zone }).IsUnique();
            e.HasOne<Sensor>().WithMany().HasForeignKey(z => z.SensorId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<GuardShift>(e =>
        {
            e.Property(g => g.DistrictIds).HasMaxLength(2000);
            e.HasIndex(g => new { g.From, g.To });
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(2000);
            e.Property(a => a.ActorName).HasMaxLength(200);
            e.Property(a => a.Owner).HasMaxLength(32);
            e.Property(a => a.Route).HasMaxLength(400);
            e.Property(a => a.Purpose).HasMaxLength(400);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Owner, a.At });
        });
    }

    private void SceneLineageModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SceneArea>(e =>
        {
            Spatial(e.Property(a => a.Area), "Polygon");
            e.Property(a => a.Reason).HasMaxLength(400);
            e.Property(a => a.ByName).HasMaxLength(200);
            e.HasOne<Scene>().WithMany(s => s.Areas).HasForeignKey(a => a.SceneId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.SceneId, a.From });
        });
        modelBuilder.Entity<SceneLink>(e =>
        {
            e.Property(l => l.ByName).HasMaxLength(200);
            e.Property(l => l.IdempotencyKey).HasMaxLength(200);
            e.Property(l => l.RequestHash).HasMaxLength(64);
            e.HasOne<Scene>().WithMany().HasForeignKey(l => l.FromSceneId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Scene>().WithMany().HasForeignKey(l => l.ToSceneId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => l.FromSceneId);
            e.HasIndex(l => l.ToSceneId);
            e.HasIndex(l => new { l.ByUserId, l.IdempotencyKey });
        });
        modelBuilder.Entity<SceneStatusProposal>(e =>
        {
            e.Property(p => p.Reason).HasMaxLength(2000);
            e.Property(p => p.ProposedByName).HasMaxLength(200);
            e.Property(p => p.DecidedByName).HasMaxLength(200);
            e.Property(p => p.DecisionNote).HasMaxLength(2000);
            e.Property(p => p.IdempotencyKey).HasMaxLength(200);
            e.Property(p => p.RequestHash).HasMaxLength(64);
            e.HasOne<Scene>().WithMany().HasForeignKey(p => p.SceneId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.SceneId, p.State });
            e.HasIndex(p => new { p.ProposedByUserId, p.IdempotencyKey }).IsUnique();
        });
    }

    private void Spatial<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> property, string type)
    {
        if (IsPostgres)
            property.HasColumnType($"geometry({type},4326)");
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    private sealed class WkbConverter<T>() : ValueConverter<T, byte[]>(
        v => new NetTopologySuite.IO.WKBWriter().Write(v),
        v => (T)(object)new NetTopologySuite.IO.WKBReader(PolygonFactory).Read(v))
        where T : Geometry;

    private static readonly NetTopologySuite.NtsGeometryServices PolygonFactory = new(
        NetTopologySuite.Geometries.Implementation.CoordinateArraySequenceFactory.Instance, new PrecisionModel(), 4326);

    private sealed class RolesConverter() : ValueConverter<List<Role>, string>(
        v => string.Join(',', v),
        v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList())
    {
        public static readonly Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Role>> Comparer = new(
            (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, r) => HashCode.Combine(h, r)), v => v.ToList());
    }

    private sealed class ProfileConverter() : ValueConverter<double[]?, string?>(
        v => v == null ? null : string.Join(',', v.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        v => v == null ? null : v.Split(',', StringSplitOptions.None).Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
    {
        public static readonly Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<double[]?> Comparer = new(
            (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b), v => v == null ? 0 : v.Length, v => v == null ? null : v.ToArray());
    }

    private static void MeetingModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Meeting>(e =>
        {
            e.Property(m => m.Borough).HasMaxLength(100);
            e.HasOne<District>().WithMany().HasForeignKey(m => m.DistrictId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(m => m.Decisions).WithOne().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => m.At);
            e.Property(m => m.IdempotencyKey).HasMaxLength(200);
            e.Property(m => m.RequestHash).HasMaxLength(64);
            e.HasIndex(m => new { m.CreatedById, m.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<MeetingDecision>(e =>
        {
            e.Property(d => d.Text).HasMaxLength(4000);
            e.Property(d => d.IdempotencyKey).HasMaxLength(200);
            e.Property(d => d.RequestHash).HasMaxLength(64);
            e.HasIndex(d => new { d.RecordedById, d.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<AgreedAction>(e =>
        {
            e.Property(a => a.Text).HasMaxLength(4000);
            e.Property(a => a.Borough).HasMaxLength(100);
            e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Scene>().WithMany().HasForeignKey(a => a.SceneId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Measure>().WithMany().HasForeignKey(a => a.MeasureId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<MeetingDecision>().WithMany().HasForeignKey(a => a.DecisionId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.History).WithOne().HasForeignKey(h => h.ActionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.Status, a.OverdueAt });
            e.HasIndex(a => a.OwnerOrganisationId);
            e.Property(a => a.IdempotencyKey).HasMaxLength(200);
            e.Property(a => a.RequestHash).HasMaxLength(64);
            e.HasIndex(a => new { a.CreatedById, a.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<AgreedActionStep>(e =>
        {
            e.Property(h => h.Note).HasMaxLength(2000);
            e.Property(h => h.ByName).HasMaxLength(200);
            e.HasIndex(h => h.ActionId);
            e.Property(h => h.IdempotencyKey).HasMaxLength(200);
            e.Property(h => h.RequestHash).HasMaxLength(64);
            e.HasIndex(h => new { h.ById, h.IdempotencyKey }).IsUnique();
        });
    }
}

/// <summary>The model differs by provider, so the cached model is keyed by provider too.</summary>
public sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
}
