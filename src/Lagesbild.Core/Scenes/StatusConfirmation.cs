using Lagesbild.Core.Access;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Scenes;

/// <summary>The two parties of the scene register: the city (its districts with it) and the police.</summary>
public enum Party
{
    None,
    City,
    Police,
}

/// <summary>
/// Two-party status changes: a status may need the other party's confirmation (configured per status). A change
/// proposed by the confirming party itself is recorded at once; one proposed by anyone else waits for a user of the
/// confirming party, from another organisation than the proposer's.
/// </summary>
public static class StatusConfirmation
{
    /// <summary>
    /// The default: the count of active scenes moves only with the police's word, so a scene becoming Active or
    /// Ceased on the city's word waits for the police; Suspected, Declining and Reopened are recorded at once.
    /// </summary>
    public static Dictionary<SceneStatus, Party> Defaults() => new() { [SceneStatus.Active] = Party.Police, [SceneStatus.Ceased] = Party.Police };

    public static Party PartyOf(OrganisationKind kind) => kind switch
    {
        OrganisationKind.City or OrganisationKind.District => Party.City,
        OrganisationKind.Police => Party.Police,
        _ => Party.None,
    };

    /// <summary>The party that must confirm a change to <paramref name="status"/> proposed by <paramref name="proposer"/>; None when it is recorded at once.</summary>
    public static Party ConfirmerOf(IReadOnlyDictionary<SceneStatus, Party> rules, SceneStatus status, Party proposer) =>
        rules.TryGetValue(status, out var confirmer) && confirmer != proposer ? confirmer : Party.None;

    /// <summary>
    /// Whether a user may confirm or reject a proposal: one who keeps the register, of the confirming party, and
    /// not of the proposing organisation (two parties, not two colleagues).
    /// </summary>
    public static Refusal? CheckDecider(Party confirming, bool keepsRegister, Party deciderParty, int deciderOrganisation, int proposerOrganisation)
    {
        if (!keepsRegister)
            return new Refusal("proposal", RefusalCodes.NotAllowed, "Only users who keep the scene register confirm status changes.");
        if (deciderOrganisation == proposerOrganisation)
            return new Refusal("proposal", RefusalCodes.OwnProposal, "The proposing organisation cannot confirm its own proposal: the other party does.");
        if (deciderParty != confirming)
            return new Refusal("proposal", RefusalCodes.NotConfirmingParty, $"This change is confirmed by the {confirming.ToString().ToLowerInvariant()}.", [confirming]);
        return null;
    }
}
