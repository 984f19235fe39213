using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Audit;

/// <summary>Audit entries the tests need beyond those the routes write today.</summary>
public static class AuditTestData
{
    /// <summary>Writes one entry through the server's own AuditTrail (chained like any other), as the test user with this role.</summary>
    public static async Task AddEntryAsync(this LagesbildFactory app, Role role, string entity, string entityId, DataOwner owner, string? detail = null)
    {
        var id = app.UserIds[role];
        var organisation = await app.QueryAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.OrganisationId).SingleAsync());
        await app.RunAsync<AuditTrail, int>(async trail =>
        {
            trail.Add(new CurrentUser(id, organisation, $"Test {role}", [role]), "read", entity, entityId, owner, detail: detail);
            await trail.SaveAsync(CancellationToken.None);
            return 0;
        });
    }

    public static async Task<long> RestrictedObservationAsync(this LagesbildFactory app)
    {
        using var police = app.ClientFor(Role.Police);
        var created = await police.PostObservationAsync(ObservationBody.At(Places.Next(), LagesbildFactory.Now.AddHours(-1), classification: "Restricted"));
        return created.Id();
    }
}
