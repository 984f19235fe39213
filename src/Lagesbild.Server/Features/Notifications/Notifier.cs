using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Notifications;

/// <summary>
/// An event to tell people about: a line in the app (Text in Swedish, and Parameters for saying it in the reader's
/// language), a webhook payload and an e-mail.
/// </summary>
public sealed record Notice(string Kind, string Text, IReadOnlyDictionary<string, string> Parameters, string? Link, object Payload, string Subject, string Body);

/// <summary>
/// Adds notifications to the caller's unit of work: one row per user in the app, and outbox rows for the webhook
/// and e-mail where configured. They commit with the change that caused them, so none is lost or sent alone.
/// </summary>
public sealed class Notifier(LagesbildDb db, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The school managers of an organisation; the coordinators when it has none.</summary>
    public async Task<List<User>> ManagersOfAsync(int? organisationId, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).ToListAsync(ct);
        var managers = users.Where(u => organisationId is not null && u.OrganisationId == organisationId && u.Roles.Contains(Role.SchoolManager)).ToList();
        return managers.Count > 0 ? managers : users.Where(u => u.Roles.Contains(Role.Coordinator)).ToList();
    }

    /// <summary>The line in one user's list in the app.</summary>
    public static Notification InApp(Notice notice, int userId, DateTimeOffset at) => new()
    {
        UserId = userId,
        Kind = notice.Kind,
        Text = notice.Text,
        Parameters = JsonSerializer.Serialize(notice.Parameters, Json),
        Link = notice.Link,
        CreatedAt = at,
    };

    /// <summary>
    /// A durable timer's notice, told once: in one transaction, <paramref name="claim"/> marks the row as told with a
    /// conditional update (answering how many rows it changed), and only when it did are the notifications added and
    /// committed with it. Two servers cannot both tell, and a crash before the commit leaves the row to the next pass.
    /// </summary>
    public async Task<bool> TellOnceAsync(Func<CancellationToken, Task<int>> claim,
        Func<CancellationToken, Task<(Notice Notice, IReadOnlyCollection<User> Recipients)>> notice, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await claim(ct) == 0)
            return false;
        var (what, recipients) = await notice(ct);
        Add(what, recipients);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Tells the users in the app (and by e-mail), and by e-mail the further addresses that are no user's, such as a
    /// property owner's fault desk; an address is written to once.
    /// </summary>
    public void Add(Notice notice, IReadOnlyCollection<User> recipients, IReadOnlyCollection<string>? addresses = null)
    {
        var now = time.GetUtcNow();
        db.Notifications.AddRange(recipients.Select(u => InApp(notice, u.Id, now)));
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.WebhookUrl))
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Channel = OutboxChannel.Webhook,
                Recipient = settings.WebhookUrl,
                Subject = notice.Kind,
                Body = JsonSerializer.Serialize(new { @event = notice.Kind, at = now, data = notice.Payload }, Json),
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
        if (!string.IsNullOrEmpty(settings.Smtp.Host))
        {
            var link = settings.PublicUrl is { } url && notice.Link is { } path ? $"\n\n{url.TrimEnd('/')}{path}" : "";
            var emails = recipients.Select(u => u.Email).Concat(addresses ?? []).Distinct(StringComparer.OrdinalIgnoreCase);
            db.OutboxMessages.AddRange(emails.Select(email => new OutboxMessage
            {
                Channel = OutboxChannel.Email,
                Recipient = email,
                Subject = notice.Subject,
                Body = notice.Body + link,
                CreatedAt = now,
                NextAttemptAt = now,
            }));
        }
    }
}
