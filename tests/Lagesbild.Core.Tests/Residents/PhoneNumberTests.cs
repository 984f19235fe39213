using Lagesbild.Core.Privacy;

namespace Lagesbild.Core.Tests.Residents;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("Ring mig på 070-123 45 67")]
    [InlineData("0701234567")]
    [InlineData("Mitt nummer: +46 70 123 45 67.")]
    [InlineData("+46701234567")]
    [InlineData("0046 70 123 45 67")]
    [InlineData("08-123 456 78 (växeln)")]
    [InlineData("08 12 34 56")]
    [InlineData("(08) 123 456 78")]
    [InlineData("031-711 11 11")]
    [InlineData("070/1234567")]
    [InlineData("+46 (0)70 123 45 67")]
    [InlineData("070–123 45 67")]
    [InlineData("070‑123‑45‑67")]
    [InlineData("𝟎𝟕𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕")]
    [InlineData("070.123.45.67")]
    [InlineData("ring ０７０１２３４５６７")]
    [InlineData("٠٧٠١٢٣٤٥٦٧")]
    public void A_swedish_telephone_number_is_found(string text) => Assert.True(PhoneNumbers.Contains(text));

    [Theory]
    [InlineData("2026-11-27 kl. 06:45")]
    [InlineData("3 sprutor vid 2 bänkar")]
    [InlineData("Pågår ett brott? Ring 112. Annars 114 14.")]
    [InlineData("Gatan 12, 123 45 Stockholm")]
    [InlineData("Uppgång 0, plan 1")]
    [InlineData("ärende 20261127-0042")]
    [InlineData("59.33249, 18.05809")]
    [InlineData("kl. 08.30–09.15")]
    [InlineData("")]
    [InlineData(null)]
    public void Dates_counts_addresses_and_public_numbers_are_not(string? text) => Assert.False(PhoneNumbers.Contains(text));
}
