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

public enum Classification
{
    Public,
    Internal,
    Restricted,
}
