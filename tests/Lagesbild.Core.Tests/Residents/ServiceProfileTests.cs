using Lagesbild.Core.Observations;
using Lagesbild.Core.Residents;

namespace Lagesbild.Core.Tests.Residents;

public class ServiceProfileTests
{
    private static ServiceDefinition Service(string code) => ServiceProfile.Find(ServiceProfile.Swedish, code)!;

    private static Dictionary<string, List<string>> Answers(params (string Name, string? Value)[] form)
    {
        var (answers, error) = AttributeAnswers.Read(form.Select(f => new KeyValuePair<string, string?>(f.Name, f.Value)));
        Assert.Null(error);
        return answers;
    }

    [Fact]
    public void The_swedish_profile_has_the_five_services_each_with_its_category()
    {
        Assert.Equal(["syringes", "school-vandalism", "unsafe-place", "drug-dealing", "littering"], ServiceProfile.Swedish.Select(s => s.Code));
        Assert.Equal(ObservationCategory.Syringes, Service("syringes").Category);
        Assert.Equal(ObservationCategory.Dealing, Service("drug-dealing").Category);
        Assert.Contains("112", Service("drug-dealing").Notice, StringComparison.Ordinal);
        Assert.Contains("114 14", Service("drug-dealing").Notice, StringComparison.Ordinal);
        Assert.False(Service("littering").HasMetadata);
        Assert.Null(ServiceProfile.Find(ServiceProfile.Swedish, "fireworks"));
    }

    [Fact]
    public void Single_and_multi_value_answers_are_read_from_the_form()
    {
        var answers = Answers(("attribute[count]", "3"), ("attribute[near_children]", "yes"), ("attribute[when][]", "evening"), ("attribute[when][]", "night"),
            ("description", "Vid gungorna"), ("attribute[empty]", ""));

        Assert.Equal(["3"], answers["count"]);
        Assert.Equal(["evening", "night"], answers["when"]);
        Assert.False(answers.ContainsKey("empty"));
    }

    [Theory]
    [InlineData("attribute[]")]
    [InlineData("attribute[count")]
    [InlineData("attribute[count]x")]
    [InlineData("attribute[when][0]")]
    [InlineData("attribute[a[b]]")]
    public void A_malformed_attribute_field_is_refused_without_repeating_it(string name)
    {
        var (_, error) = AttributeAnswers.Read([new(name, "1")]);
        Assert.Contains("malformed", error, StringComparison.Ordinal);
        Assert.DoesNotContain(name, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_answers_pass()
    {
        Assert.Empty(AttributeAnswers.Check(Service("syringes"), Answers(("attribute[count]", "2"), ("attribute[near_children]", "no"))));
        Assert.Empty(AttributeAnswers.Check(Service("unsafe-place"), Answers(("attribute[when][]", "morning"), ("attribute[when][]", "night"))));
        Assert.Empty(AttributeAnswers.Check(Service("littering"), Answers()));
    }

    [Fact]
    public void Attributes_the_service_does_not_ask_for_are_ignored_and_left_out()
    {
        var answers = Answers(("attribute[count]", "2"), ("attribute[near_children]", "no"), ("attribute[fixmystreet_id]", "123"));
        Assert.Empty(AttributeAnswers.Check(Service("syringes"), answers));
        Assert.Equal(["count", "near_children"], AttributeAnswers.Known(Service("syringes"), answers).Keys);
    }

    [Theory]
    [InlineData("syringes", "attribute[near_children]", "attribute[count]=2")]                                  // required missing
    [InlineData("syringes", "attribute[near_children]", "attribute[count]=2", "attribute[near_children]=maybe")] // not in the list
    [InlineData("syringes", "attribute[count]", "attribute[count]=many", "attribute[near_children]=yes")]        // not a number
    [InlineData("syringes", "attribute[count]", "attribute[count]=-1", "attribute[near_children]=yes")]
    [InlineData("syringes", "attribute[near_children]", "attribute[count]=1", "attribute[near_children][]=yes", "attribute[near_children][]=no")] // two for one
    [InlineData("unsafe-place", "attribute[when]", "attribute[when][]=dusk")]
    public void Bad_answers_are_refused_naming_the_attribute(string service, string field, params string[] form)
    {
        var answers = Answers(form.Select(f => (f[..f.IndexOf('=', StringComparison.Ordinal)], (string?)f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToArray());

        Assert.Contains(field, AttributeAnswers.Check(Service(service), answers).Select(r => r.Field));
    }

    [Fact]
    public void A_value_sent_twice_is_one_answer_and_long_huge_or_personal_answers_are_refused()
    {
        var when = Answers(("attribute[when][]", "night"), ("attribute[when][]", "night"), ("attribute[when][]", "evening"));
        Assert.Equal(["night", "evening"], when["when"]);
        var noted = Service("littering") with { Attributes = [new("note", AttributeDatatype.String, false, "Något mer?", 1, [])] };

        Assert.Contains("300", AttributeAnswers.Check(noted, Answers(("attribute[note]", new string('a', 301))))["attribute[note]"]!.Message, StringComparison.Ordinal);
        Assert.Contains("telephone", AttributeAnswers.Check(noted, Answers(("attribute[note]", "ring 070-123 45 67")))["attribute[note]"]!.Message, StringComparison.Ordinal);
        Assert.Contains("personal identity", AttributeAnswers.Check(noted, Answers(("attribute[note]", "811218-9876")))["attribute[note]"]!.Message, StringComparison.Ordinal);
        Assert.Empty(AttributeAnswers.Check(noted, Answers(("attribute[note]", "Bakom containern"))));
        Assert.Contains("1000000", AttributeAnswers.Check(Service("syringes"), Answers(("attribute[count]", "1e308"), ("attribute[near_children]", "no")))["attribute[count]"]!.Message, StringComparison.Ordinal);
        Assert.Contains("attribute[count]", AttributeAnswers.Check(Service("syringes"), Answers(("attribute[count]", "-1"), ("attribute[near_children]", "no"))).Select(r => r.Field));
    }

    [Fact]
    public void A_reports_observation_counts_its_count_answer_or_one()
    {
        Assert.Equal(3, AttributeAnswers.ObservationCount(Answers(("attribute[count]", "3"), ("attribute[near_children]", "no"))));
        Assert.Equal(1, AttributeAnswers.ObservationCount(Answers(("attribute[when][]", "night"))));
        Assert.Equal(1, AttributeAnswers.ObservationCount(Answers(("attribute[count]", "0"))));
        Assert.Equal(10_000, AttributeAnswers.ObservationCount(Answers(("attribute[count]", "1000000"))));
    }
}
