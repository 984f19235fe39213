namespace Lagesbild.Core.PoliceEvents;

/// <summary>How long a poller waits before it asks a feed again: its interval, doubled after each failure in a row, up to a ceiling.</summary>
public static class FeedBackoff
{
    public static TimeSpan Wait(int failuresInARow, TimeSpan interval, TimeSpan ceiling)
    {
        if (failuresInARow <= 0)
            return interval;
        // 2^30 intervals is past any ceiling; the exponent is bounded so that the product cannot overflow.
        var factor = Math.Pow(2, Math.Min(failuresInARow, 30));
        var wait = interval.TotalSeconds * factor;
        return wait >= ceiling.TotalSeconds ? ceiling : TimeSpan.FromSeconds(wait);
    }
}
