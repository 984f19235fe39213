namespace Lagesbild.Core.Observations;

public enum ObservationCategory
{
    Dealing,
    Use,
    Syringes,
    DangerousObject,
    Paraphernalia,
    Vandalism,
    Gathering,
    Disturbance,
    Intoxicated,
    Violence,
    Littering,
    Other,
}

/// <summary>
/// The tiers of sharing: Public is shown only aggregated; Internal is for the authorities that share the picture;
/// Restricted is the police's own (police only); Confidential is social services' own (social services only).
/// </summary>
public enum Classification
{
    Public,
    Internal,
    Restricted,
    Confidential,
}

/// <summary>The categories the analyses share.</summary>
public static class ObservationCategories
{
    /// <summary>
    /// What speaks of a drug scene: dealing, use and what use leaves behind. Hot spots, candidate scenes, a
    /// measure's effect and the weekly report's candidates count these unless asked for others.
    /// </summary>
    public static readonly IReadOnlyList<ObservationCategory> Drugs =
        [ObservationCategory.Dealing, ObservationCategory.Use, ObservationCategory.Syringes, ObservationCategory.Paraphernalia];

    /// <summary>The categories asked for, or <see cref="Drugs"/> when none were.</summary>
    public static IReadOnlyList<ObservationCategory> ChosenOrDrugs(IReadOnlyList<ObservationCategory>? chosen) => chosen is { Count: > 0 } ? chosen : Drugs;
}
