using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Access;

/// <summary>Whose data a record is, and so who reads the audit of its reads: the police theirs, social services theirs, the city the rest.</summary>
public enum DataOwner
{
    City,
    Police,
    SocialServices,
}

public static class DataOwners
{
    public static DataOwner Of(Classification tier) => tier switch
    {
        Classification.Restricted => DataOwner.Police,
        Classification.Confidential => DataOwner.SocialServices,
        _ => DataOwner.City,
    };
}
