using Lagesbild.Core.Privacy;

namespace Lagesbild.Core.Tests.Privacy;

public sealed class PersonalNumbersTests
{
    [Theory]
    [InlineData("Pojken heter 811218-9876 enligt vakten")]
    [InlineData("19811218-9876")]
    [InlineData("198112189876")]
    [InlineData("8112189876")]
    [InlineData("811218+9876")]
    [InlineData("samordningsnummer 811278-9873")]
    [InlineData("full-width ８１１２１８-９８７６")]
    [InlineData("19811218–9876")]
    [InlineData("19811218 - 9876")]
    [InlineData("٨١١٢١٨-٩٨٧٦")]
    public void Finds_a_personal_identity_number(string text) => Assert.True(PersonalNumbers.Contains(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Tre kanyler vid sandlådan kl 06:45")]
    [InlineData("811218-9875")] // wrong check digit
    [InlineData("811318-9876")] // month 13
    [InlineData("070-123 45 67")]
    [InlineData("Ring 0701234567")]
    [InlineData("Ärende 12345678901234")]
    [InlineData("21811218-9876")] // century 21
    [InlineData("０１")] // digits of another script that make no number
    public void Leaves_other_text_alone(string? text) => Assert.False(PersonalNumbers.Contains(text));

    [Theory]
    [InlineData("Tre sprutor\tvid\r\nsandlådan 😀", true)]
    [InlineData("Vi tittar\u0001 på det", false)]
    [InlineData("\u0000", false)]
    [InlineData("Färg \u001b[31mröd", false)]
    [InlineData("Skola \u202Egnipöt", false)]
    [InlineData("Skola \u2066isolerad\u2069", false)]
    [InlineData("C1 \u0085 rad", false)]
    [InlineData("DEL \u007f", false)]
    [InlineData("Arabiska \u0627\u0644 och hebreiska \u05d0 utan styrtecken", true)]
    [InlineData(null, true)]
    public void Plain_text_has_no_control_characters_or_broken_pairs(string? text, bool clean) => Assert.Equal(clean, PlainText.IsClean(text));

    [Fact]
    public void Half_a_surrogate_pair_is_not_plain_text() => Assert.False(PlainText.IsClean(new string(['a', '\ud83d', 'b'])));
}
