using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Users;

public sealed record UserRequest(
    [property: Required, EmailAddress, MaxLength(254)] string? Email,
    [property: Required, StringLength(200, MinimumLength = 2)] string? DisplayName,
    [property: Required, StringLength(200, MinimumLength = 12)] string? Password,
    [property: Required] int? OrganisationId,
    [property: Required, MinLength(1)] Role[]? Roles);

public sealed record UserDto(int Id, string Email, string DisplayName, int OrganisationId, string? Organisation, IReadOnlyList<Role> Roles, bool IsActive);

public sealed record OrganisationRequest([property: Required, StringLength(200, MinimumLength = 2)] string? Name, [property: Required] OrganisationKind? Kind);

public sealed record OrganisationDto(int Id, string Name, OrganisationKind Kind);

/// <summary>Users and organisations. No self-registration: an administrator creates every account.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").AddEndpointFilter(AdminOnly.Filter("manage users and organisations"));

        users.MapGet("/", async (LagesbildDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Users.AsNoTracking().Include(u => u.Organisation).OrderBy(u => u.Email)
                .Select(u => new UserDto(u.Id, u.Email, u.DisplayName, u.OrganisationId, u.Organisation!.Name, u.Roles, u.IsActive)).ToListAsync(ct)))
            .WithSummary("All users (administrators only).");

        users.MapPost("/", async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> (
            UserRequest request, LagesbildDb db, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken ct) =>
        {
            var email = request.Email!.Trim().ToLowerInvariant();
            var organisation = await db.Organisations.FindAsync([request.OrganisationId!.Value], ct);
            if (organisation is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisationId"] = ["No organisation has this id."] });
            if (await db.Users.AnyAsync(u => u.Email == email, ct))
                return Conflict("email", "A user with this e-mail exists.");
            var user = new User { Email = email, DisplayName = request.DisplayName!.Trim(), OrganisationId = organisation.Id, Roles = request.Roles!.Distinct().ToList(), CreatedAt = time.GetUtcNow() };
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/users/{user.Id}", new UserDto(user.Id, user.Email, user.DisplayName, user.OrganisationId, organisation.Name, user.Roles, user.IsActive));
        })
        .WithSummary("Create a user in an organisation with roles (administrators only).");

        var organisations = api.MapGroup("/organisations").WithTags("Users");
        organisations.MapGet("/", async (LagesbildDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationDto(o.Id, o.Name, o.Kind)).ToListAsync(ct)))
            .WithSummary("The organisations that take part.");
        organisations.MapPost("/", async Task<Results<Created<OrganisationDto>, ProblemHttpResult>> (OrganisationRequest request, LagesbildDb db, CancellationToken ct) =>
        {
            var name = request.Name!.Trim();
            if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
                return Conflict("name", "An organisation with this name exists.");
            var organisation = new Organisation { Name = name, Kind = request.Kind!.Value };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/organisations/{organisation.Id}", new OrganisationDto(organisation.Id, organisation.Name, organisation.Kind));
        })
        .AddEndpointFilter(AdminOnly.Filter("manage users and organisations"))
        .WithSummary("Create an organisation (administrators only).");

        return api;
    }

    private static ProblemHttpResult Conflict(string field, string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: message, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
