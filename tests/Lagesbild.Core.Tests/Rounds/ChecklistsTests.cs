using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Rounds;

public sealed class ChecklistsTests
{
    [Fact]
    public void Every_kind_of_site_starts_with_a_checklist_that_passes_its_own_rules()
    {
        foreach (var kind in Enum.GetValues<SiteKind>())
        {
            var items = Checklists.Default(kind);
            Assert.Contains("Grindar och staket", items);
            Assert.Null(Checklists.Check(items));
        }
        Assert.Contains("Sandlådan", Checklists.Default(SiteKind.Preschool));
    }

    [Fact]
    public void A_checklist_holds_one_to_forty_items_of_two_to_two_hundred_characters()
    {
        Assert.Equal(RefusalCodes.OutOfRange, Checklists.Check([])!.Code);
        Assert.Equal([1, Checklists.MaxItems], Checklists.Check([.. Enumerable.Repeat("Grind", Checklists.MaxItems + 1)])!.Args!);
        Assert.Null(Checklists.Check([.. Enumerable.Repeat("Grind", Checklists.MaxItems)]));
        var tooShort = Checklists.Check(["Grind", "x"])!;
        Assert.Equal(("items", RefusalCodes.ItemLength), (tooShort.Field, tooShort.Code));
        Assert.Equal("x", tooShort.Args![2]);
        Assert.NotNull(Checklists.Check([new string('a', Checklists.MaxItemLength + 1)]));
    }
}
