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
