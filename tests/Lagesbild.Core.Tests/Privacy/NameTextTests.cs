using Lagesbild.Core.Privacy;

namespace Lagesbild.Core.Tests.Privacy;

public sealed class NameTextTests
{
    [Theory]
    [InlineData("Åsa Öberg")]
    [InlineData("Rinkebyskolan – Väktarbolaget AB")]
    [InlineData("Lövsångare 🐦")]
    public void A_name_in_any_language_is_a_name(string name) => Assert.True(PlainText.IsName(name));

    [Theory]
    [InlineData("Åsa\0Öberg")]
    [InlineData("Åsa\u001b[31mÖberg")]
    [InlineData("gpj\u202Eexe.pdf")]
    [InlineData("Åsa\nÖberg")]
    [InlineData("Åsa\tÖberg")]
    [InlineData("Å\u2066sa")]
    [InlineData("Åsa\u200B")]
    public void Control_characters_and_direction_marks_are_not(string name) => Assert.False(PlainText.IsName(name));
}
