using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Auth;

/// <summary>How long a browser session lasts, and how often its user's access is looked up again.</summary>
public sealed class SessionOptions
{
    public const string Section = "Authentication:Session";

    /// <summary>A session nobody uses for this long ends (the cookie's sliding expiry).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in, used or not: a night shift and a little more.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(14);

    /// <summary>How long the server trusts what it last read of a user's stamp; a deactivation is out within twice this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan Recheck { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Wrong passwords before an account or a network address is held back.</summary>
public sealed class LockoutOptions
{
    public const string Section = "Authentication:Lockout";

    /// <summary>Wrong passwords or codes in a row that lock an account.</summary>
    [Range(3, 100)]
    public int MaxFailures { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords from one address (an IPv6 /64) within the window, over all accounts, before it is held back.</summary>
    [Range(10, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);
}
