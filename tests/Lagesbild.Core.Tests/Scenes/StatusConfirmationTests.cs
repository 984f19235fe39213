using Lagesbild.Core.Access;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Scenes;

public class StatusConfirmationTests
{
    [Theory]
    [InlineData(SceneStatus.Ceased, Party.City, Party.Police)]
    [InlineData(SceneStatus.Active, Party.City, Party.Police)]
    [InlineData(SceneStatus.Active, Party.None, Party.Police)]
    [InlineData(SceneStatus.Ceased, Party.Police, Party.None)]   // the confirming party's own word stands
    [InlineData(SceneStatus.Declining, Party.City, Party.None)]
    [InlineData(SceneStatus.Suspected, Party.City, Party.None)]
    [InlineData(SceneStatus.Reopened, Party.City, Party.None)]
    public void By_default_the_police_confirm_the_city_s_active_and_ceased(SceneStatus status, Party proposer, Party confirmer) =>
        Assert.Equal(confirmer, StatusConfirmation.ConfirmerOf(StatusConfirmation.Defaults(), status, proposer));

    [Fact]
    public void A_configured_rule_can_ask_the_city_to_confirm_the_police()
    {
        var rules = new Dictionary<SceneStatus, Party> { [SceneStatus.Reopened] = Party.City, [SceneStatus.Ceased] = Party.None };

        Assert.Equal(Party.City, StatusConfirmation.ConfirmerOf(rules, SceneStatus.Reopened, Party.Police));
        Assert.Equal(Party.None, StatusConfirmation.ConfirmerOf(rules, SceneStatus.Ceased, Party.City));
    }

    [Theory]
    [InlineData(OrganisationKind.City, Party.City)]
    [InlineData(OrganisationKind.District, Party.City)]
    [InlineData(OrganisationKind.Police, Party.Police)]
    [InlineData(OrganisationKind.School, Party.None)]
    [InlineData(OrganisationKind.GuardCompany, Party.None)]
    public void Parties_by_organisation_kind(OrganisationKind kind, Party party) => Assert.Equal(party, StatusConfirmation.PartyOf(kind));

    [Theory]
    [InlineData(false, Party.Police, 7, 3, RefusalCodes.NotAllowed)]          // a police user who does not keep the register
    [InlineData(true, Party.Police, 3, 3, RefusalCodes.OwnProposal)]          // the proposing organisation itself
    [InlineData(true, Party.City, 8, 3, RefusalCodes.NotConfirmingParty)]     // another city organisation
    [InlineData(true, Party.None, 9, 3, RefusalCodes.NotConfirmingParty)]     // no party
    public void Who_may_not_confirm(bool keepsRegister, Party party, int organisation, int proposer, string code) =>
        Assert.Equal(code, StatusConfirmation.CheckDecider(Party.Police, keepsRegister, party, organisation, proposer)!.Code);

    [Fact]
    public void The_police_of_another_organisation_confirm() =>
        Assert.Null(StatusConfirmation.CheckDecider(Party.Police, true, Party.Police, 7, 3));
}
