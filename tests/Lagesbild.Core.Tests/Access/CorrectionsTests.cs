using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Tests.Access;

public class CorrectionsTests
{
    [Theory]
    [InlineData(Role.Police, 1, 1, true)]
    [InlineData(Role.Police, 1, 2, false)]
    [InlineData(Role.Coordinator, 2, 2, true)]
    [InlineData(Role.Analyst, 2, 2, false)]
    [InlineData(Role.DataProtection, 1, 2, true)]
    [InlineData(Role.Admin, 1, null, false)]
    public void Only_the_recording_organisation_or_data_protection_may_change(Role role, int userOrganisation, int? observationOrganisation, bool expected) =>
        Assert.Equal(expected, Corrections.MayChange([role], userOrganisation, observationOrganisation));

    [Theory]
    [InlineData(Role.Coordinator, Classification.Internal, Classification.Internal, true)]
    [InlineData(Role.Coordinator, Classification.Internal, Classification.Restricted, false)]
    [InlineData(Role.Police, Classification.Internal, Classification.Restricted, true)]
    [InlineData(Role.Analyst, Classification.Internal, Classification.Public, false)]
    [InlineData(Role.DataProtection, Classification.Internal, Classification.Public, true)]
    public void A_correction_moves_to_a_tier_only_if_the_corrector_may_write_it(Role role, Classification from, Classification to, bool expected) =>
        Assert.Equal(expected, Corrections.MayMoveTo([role], from, to));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Fel person: 19121212-1212 var inte där.")]
    [InlineData("Ring mig på 070-123 45 67.")]
    [InlineData("tab\u0001bell")]
    public void A_reason_is_required_and_names_nobody(string? reason) =>
        Assert.NotNull(Corrections.CheckReason(reason));

    [Fact]
    public void A_reason_is_at_most_2000_characters()
    {
        Assert.Null(Corrections.CheckReason(new string('a', Corrections.MaxReasonLength)));
        Assert.NotNull(Corrections.CheckReason(new string('a', Corrections.MaxReasonLength + 1)));
    }

    [Theory]
    [InlineData("Fel plats: det var vid busshållplatsen, inte på torget.")]
    [InlineData("<script>alert(1)</script>'; DROP TABLE \"Observations\"; --")]
    public void A_plain_reason_will_do(string reason) => Assert.Null(Corrections.CheckReason(reason));
}
