using System.Net.Http.Headers;
using Lagesbild.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lagesbild.Server.Features.Notifications;

/// <summary>
/// Sends what the outbox holds: webhooks and e-mails, each retried with a growing pause until it goes through
/// (at most a day between attempts). A message is marked sent only after the other side accepted it, so a
/// crash in between sends it again rather than never.
/// </summary>
public sealed class OutboxDispatcher(LagesbildDb db, IHttpClientFactory http, IOptions<NotificationOptions> options, TimeProvider time, ILogger<OutboxDispatcher> log)
{
    public const string WebhookClient = "webhook";

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.OutboxMessages.Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(50).ToListAsync(ct);
        var sent = 0;
        foreach (var message in due)
        {
            // Claim the message for a while, so that another server process does not send it too.
            var lease = now + TimeSpan.FromSeconds(options.Value.ClaimSeconds);
            var attemptAt = message.NextAttemptAt;
            if (await db.OutboxMessages.Where(m => m.Id == message.Id && m.SentAt == null && m.NextAttemptAt == attemptAt)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, lease), ct) == 0)
                continue;
            message.NextAttemptAt = lease;
            try
            {
                await SendAsync(message, ct);
                message.SentAt = time.GetUtcNow();
                message.LastError = null;
                sent++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Whatever went wrong (the network, the receiver, a malformed address), this message waits and the rest go on.
                message.Attempts++;
                message.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                message.NextAttemptAt = time.GetUtcNow() + Backoff(message.Attempts);
                log.LogWarning("Outbox message {Id} ({Channel}) failed, attempt {Attempts}: {Error}", message.Id, message.Channel, message.Attempts, e.Message);
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(86_400, 30 * Math.Pow(2, Math.Min(attempts - 1, 16))));

    private async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.Channel == OutboxChannel.Webhook)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Recipient) { Content = new StringContent(message.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            // The same message may arrive twice (a crash after sending); the receiver drops repeats by this key.
            request.Headers.Add("Idempotency-Key", $"lagesbild-outbox-{message.Id}");
            using var response = await http.CreateClient(WebhookClient).SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return;
        }
        var smtp = options.Value.Smtp;
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        mail.Subject = message.Subject;
        mail.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port, security == SecureSocketOptions.Auto ? SecureSocketOptions.StartTlsWhenAvailable : security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>Runs the outbox now and then.</summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time, ILogger<OutboxWorker> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.WorkerSeconds);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
        [("deliver", (services, ct) => services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(ct))];
}
