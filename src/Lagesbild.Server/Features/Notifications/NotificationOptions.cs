using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Notifications;

/// <summary>Where notifications go besides the app ("Notifications" in configuration); each channel is off until set.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>An HTTPS endpoint that receives a JSON POST per event (for example the city's incident system).</summary>
    [Url]
    public string? WebhookUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Whether the outbox worker runs (tests deliver by hand).</summary>
    public bool Worker { get; set; } = true;

    [Range(1, 3600)]
    public int WorkerSeconds { get; set; } = 10;

    /// <summary>
    /// How long a message being sent is left to the server that took it before another may send it: the longest a
    /// message waits when that server dies while sending. Longer than a send can take (the webhook client's time-out
    /// and an SMTP conversation), or a slow send goes out twice.
    /// </summary>
    [Range(5, 3600)]
    public int ClaimSeconds { get; set; } = 300;

    /// <summary>The address the web UI is reached at, for links in e-mails.</summary>
    public string? PublicUrl { get; set; }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string From { get; set; } = "lagesbild@localhost";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS when the server offers it (Auto), always (StartTls), or never (None, for a relay on loopback).</summary>
    public string Security { get; set; } = "Auto";
}
