using System.Globalization;
using Lagesbild.Core.Time;

namespace Lagesbild.Server.Components.Shared;

/// <summary>Instants as people read them: Stockholm time, in the user's language.</summary>
public static class Formats
{
    /// <summary>Whether the reader chose English (Swedish is the default).</summary>
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Date(DateTimeOffset instant) => Stockholm.ToLocal(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset instant) => Stockholm.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
