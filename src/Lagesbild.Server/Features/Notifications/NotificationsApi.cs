using System.Security.Claims;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Notifications;

public sealed record NotificationView(long Id, string Kind, string Text, IReadOnlyDictionary<string, string> Parameters, string? Link, DateTimeOffset CreatedAt, bool Read);

public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Items);

/// <summary>The signed-in user's own notifications; nobody reads another's.</summary>
public static partial class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");

        group.MapGet("/", async (ClaimsPrincipal principal, LagesbildDb db, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(db, CurrentUser.From(principal).Id, ct)))
        .WithSummary("Your notifications, newest first (the last 100), with the number unread.");

        group.MapPost("/{id:long}/read", async Task<Results<NoContent, NotFound>> (long id, ClaimsPrincipal principal, LagesbildDb db, TimeProvider time, CancellationToken ct) =>
        {
            var changed = await MarkReadAsync(db, id, CurrentUser.From(principal).Id, time.GetUtcNow(), ct);
            return changed == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
        })
        .WithSummary("Mark one of your notifications as read.");

        return api;
    }

    /// <summary>Marks one of the user's own notifications read; answers 0 when it is not theirs.</summary>
    public static Task<int> MarkReadAsync(LagesbildDb db, long id, int userId, DateTimeOffset now, CancellationToken ct) =>
        db.Notifications.Where(n => n.Id == id && n.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);

    public static async Task<NotificationList> ListAsync(LagesbildDb db, int userId, CancellationToken ct)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(100).ToListAsync(ct);
        var items = rows.Select(n => new NotificationView(n.Id, n.Kind, n.Text, ParametersOf(n), n.Link, n.CreatedAt, n.ReadAt != null)).ToList();
        return new NotificationList(unread, items);
    }
}

public static partial class NotificationsApi
{
    private static IReadOnlyDictionary<string, string> ParametersOf(Notification n) =>
        string.IsNullOrEmpty(n.Parameters)
            ? new Dictionary<string, string>()
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(n.Parameters) ?? [];
}
