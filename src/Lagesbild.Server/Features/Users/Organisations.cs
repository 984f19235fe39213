using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Users;

/// <summary>
/// The organisations that take part and how they are scoped: the area (districts) whose detail their users see, and
/// for a guard company the sites it guards by contract. For the API and the admin page alike; every change is audited.
/// </summary>
public sealed class Organisations(LagesbildDb db, AuditTrail audit, TimeProvider time)
{
    private const string NotAllowed = "Only administrators manage and scope organisations.";

    public Task<List<OrganisationDto>> ListAsync(CancellationToken ct) =>
        db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationDto(o.Id, o.Name, o.Kind)).ToListAsync(ct);

    public async Task<Outcome<OrganisationDto>> CreateAsync(OrganisationRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<OrganisationDto>.Refused(NotAllowed);
        if (Check(request) is { } invalid)
            return invalid;
        var name = request.Name!.Trim();
        if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
            return Outcome<OrganisationDto>.ConflictAt(NameTaken);
        var organisation = new Organisation { Name = name, Kind = request.Kind!.Value };
        db.Organisations.Add(organisation);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit(actor, "create-organisation", organisation.Id, $"kind {organisation.Kind}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new OrganisationDto(organisation.Id, organisation.Name, organisation.Kind);
    }

    public async Task<Outcome<OrganisationDto>> UpdateAsync(int id, OrganisationRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<OrganisationDto>.Refused(NotAllowed);
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
            return new Outcome<OrganisationDto>.Missing();
        if (Check(request) is { } invalid)
            return invalid;
        var name = request.Name!.Trim();
        if (await db.Organisations.AnyAsync(o => o.Name == name && o.Id != id, ct))
            return Outcome<OrganisationDto>.ConflictAt(NameTaken);
        // A guard company's contracts would be left guarding for an organisation that is no longer one.
        if (organisation.Kind == OrganisationKind.GuardCompany && request.Kind != OrganisationKind.GuardCompany
            && await db.GuardContracts.AnyAsync(c => c.OrganisationId == id, ct))
            return Outcome<OrganisationDto>.ConflictAt(new Refusal("kind", RefusalCodes.InUse, "This guard company guards sites; end its contracts first."));
        var changes = new List<string>();
        if (name != organisation.Name)
            changes.Add("name");
        if (request.Kind != organisation.Kind)
            changes.Add($"kind {organisation.Kind} -> {request.Kind}");
        if (changes.Count > 0)
        {
            (organisation.Name, organisation.Kind) = (name, request.Kind!.Value);
            Audit(actor, "update-organisation", id, string.Join("; ", changes));
            await db.SaveChangesAsync(ct);
        }
        return new OrganisationDto(organisation.Id, organisation.Name, organisation.Kind);
    }

    public async Task<OrganisationScope?> ScopeAsync(int id, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
            return null;
        var districts = await db.OrganisationAreas.AsNoTracking().Where(a => a.OrganisationId == id).Select(a => a.DistrictId).OrderBy(d => d).ToListAsync(ct);
        var sites = await db.GuardContracts.AsNoTracking().Where(c => c.OrganisationId == id).Select(c => c.SiteId).OrderBy(s => s).ToListAsync(ct);
        return new OrganisationScope(organisation.Id, organisation.Name, organisation.Kind, districts, sites);
    }

    public async Task<Outcome<OrganisationScope>> SetAreasAsync(int id, AreasRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<OrganisationScope>.Refused(NotAllowed);
        if (!await db.Organisations.AnyAsync(o => o.Id == id, ct))
            return new Outcome<OrganisationScope>.Missing();
        var known = await db.Districts.AsNoTracking().Select(d => new { d.Id, d.Borough }).ToListAsync(ct);
        var refusals = new Refusals();
        var districts = (request.Districts ?? []).Distinct().ToList();
        if (districts.Where(d => known.All(k => k.Id != d)).Cast<int?>().FirstOrDefault() is { } unknown)
            refusals.Add("districts", RefusalCodes.NotFound, string.Create(CultureInfo.InvariantCulture, $"No district has the id {unknown}."));
        foreach (var borough in request.Boroughs ?? [])
        {
            var inBorough = known.Where(k => string.Equals(k.Borough, borough, StringComparison.OrdinalIgnoreCase)).Select(k => k.Id).ToList();
            if (inBorough.Count == 0)
                refusals.Add("boroughs", RefusalCodes.NotFound, "No stadsdelsområde has this name.");
            districts.AddRange(inBorough);
        }
        if (refusals.Count > 0)
            return Outcome<OrganisationScope>.Because(refusals);
        // One write: the old areas out, the new in, and the audit entry.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.OrganisationAreas.Where(a => a.OrganisationId == id).ExecuteDeleteAsync(ct);
        db.OrganisationAreas.AddRange(districts.Distinct().Select(d => new OrganisationArea { OrganisationId = id, DistrictId = d }));
        Audit(actor, "set-areas", id, "districts " + string.Join(',', districts.Distinct().Order()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ScopeAsync(id, ct))!;
    }

    public async Task<Outcome<OrganisationScope>> SetGuardedSitesAsync(int id, GuardedSitesRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<OrganisationScope>.Refused(NotAllowed);
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
            return new Outcome<OrganisationScope>.Missing();
        if (organisation.Kind != OrganisationKind.GuardCompany)
            return Outcome<OrganisationScope>.Field(new Refusal("organisation", RefusalCodes.NotAllowed, "Only a guard company guards sites."));
        var sites = (request.Sites ?? []).Distinct().ToList();
        var known = await db.Sites.AsNoTracking().Where(s => sites.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (sites.Where(s => !known.Contains(s)).Cast<int?>().FirstOrDefault() is { } unknown)
            return Outcome<OrganisationScope>.Field(new Refusal("sites", RefusalCodes.NotFound, string.Create(CultureInfo.InvariantCulture, $"No site has the id {unknown}.")));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.GuardContracts.Where(c => c.OrganisationId == id).ExecuteDeleteAsync(ct);
        db.GuardContracts.AddRange(sites.Select(s => new GuardContract { OrganisationId = id, SiteId = s, CreatedAt = time.GetUtcNow() }));
        Audit(actor, "set-guarded-sites", id, "sites " + string.Join(',', sites.Order()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ScopeAsync(id, ct))!;
    }

    private static Outcome<OrganisationDto>? Check(OrganisationRequest request)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
            return Outcome<OrganisationDto>.Field(new Refusal("name", RefusalCodes.Invalid, "A name of 2 to 200 characters is required."));
        if (!PlainText.IsName(name))
            return Outcome<OrganisationDto>.Field(new Refusal("name", RefusalCodes.ControlCharacters, "The name contains control characters or direction marks; send plain text."));
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
            return Outcome<OrganisationDto>.Field(new Refusal("kind", RefusalCodes.Required, "A kind of organisation is required."));
        return null;
    }

    private static readonly Refusal NameTaken = new("name", RefusalCodes.Taken, "An organisation with this name exists.");

    private void Audit(CurrentUser actor, string action, int id, string detail) =>
        audit.Add(actor, action, nameof(Organisation), id.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: detail);
}
