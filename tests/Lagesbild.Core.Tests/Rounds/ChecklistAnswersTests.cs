using Lagesbild.Core.Rounds;

namespace Lagesbild.Core.Tests.Rounds;

public sealed class ChecklistAnswersTests
{
    [Fact]
    public void An_item_not_ok_needs_a_note_and_an_ok_or_unanswered_one_does_not()
    {
        var answers = new (bool? Ok, string? Note)[] { (true, null), (false, "Trasig grind"), (false, null), (false, "   "), (null, null) };

        Assert.Equal([2, 3], ChecklistAnswers.WithoutNote(answers));
    }
}
