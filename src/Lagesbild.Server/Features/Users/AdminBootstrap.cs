using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Users;

/// <summary>
/// The first administrator of a new installation, from configuration (Bootstrap:AdminEmail and
/// Bootstrap:AdminPassword), created only while there are no users at all. Everyone else is created by an admin.
/// </summary>
public sealed class AdminBootstrap(LagesbildDb db, IConfiguration configuration, IPasswordHasher<User> hasher, TimeProvider time, ILoggerFactory loggers) : IStartupStep
{
    private readonly ILogger _logger = loggers.CreateLogger("Lagesbild");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
            return;
        var email = configuration["Bootstrap:AdminEmail"]?.Trim().ToLowerInvariant();
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            _logger.LogWarning("There are no users. Start once with Bootstrap:AdminEmail and Bootstrap:AdminPassword set to create the first administrator.");
            return;
        }
        if (password.Length < 12)
            throw new InvalidOperationException("Bootstrap:AdminPassword must be at least 12 characters.");
        var organisation = await db.Organisations.FirstOrDefaultAsync(cancellationToken) ?? db.Organisations.Add(new Organisation { Name = "Administration", Kind = OrganisationKind.City }).Entity;
        var admin = new User { Email = email, DisplayName = "Administrator", Organisation = organisation, Roles = [Role.Admin], CreatedAt = time.GetUtcNow() };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        _logger.LogInformation("Created the first administrator, {Email}.", email);
    }
}
