using Lagesbild.Data;

namespace Lagesbild.Server.Features.Observations;

public static class ObservationQueries
{
    /// <summary>
    /// The observations that stand: a withdrawn one keeps its row for its history, but no list, count, picture,
    /// analysis or report uses it. Every read of observations starts here.
    /// </summary>
    public static IQueryable<Observation> Standing(this IQueryable<Observation> observations) =>
        observations.Where(o => o.WithdrawnAt == null);
}
