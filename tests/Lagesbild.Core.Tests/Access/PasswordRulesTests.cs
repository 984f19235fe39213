using Lagesbild.Core.Access;

namespace Lagesbild.Core.Tests.Access;

public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("kort-ord")]
    [InlineData("elva tecken")]
    public void A_password_under_twelve_characters_is_too_short(string password) =>
        Assert.Equal(PasswordProblem.TooShort, PasswordRules.Check(password));

    [Fact]
    public void Characters_are_counted_as_a_person_sees_them()
    {
        // "å" written as "a" and a combining ring is one letter: eleven letters in twelve chars are too short.
        Assert.Equal(PasswordProblem.TooShort, PasswordRules.Check("ga\u030A ut i sko"));
        Assert.Null(PasswordRules.Check("ga\u030A ut i skog"));
    }

    [Theory]
    [InlineData("123456789012")]
    [InlineData("qwertyuiopåasd")]
    [InlineData("Password123456")]
    [InlineData("Sommar2024!!!!")]
    [InlineData("Lösenord-12345")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("passwordpassword")]
    public void Passwords_people_often_pick_or_that_have_leaked_are_refused(string password) =>
        Assert.Equal(PasswordProblem.Common, PasswordRules.Check(password));

    [Theory]
    [InlineData("aaaaaaaaaaaaaa")]
    [InlineData("abababababababab")]
    public void A_password_of_a_few_characters_repeated_is_refused(string password) =>
        Assert.Equal(PasswordProblem.Repetitive, PasswordRules.Check(password));

    [Theory]
    [InlineData("Svensson i parken 7", "karin.svensson@stockholm.se", "Karin Svensson")]
    [InlineData("mitt Lagesbild konto", "k@x.se", "K")]
    public void A_password_with_the_users_name_or_the_products_is_refused(string password, string email, string name) =>
        Assert.Equal(PasswordProblem.Personal, PasswordRules.Check(password, email, name));

    [Theory]
    [InlineData("korrekt häst batteri häftklammer")]
    [InlineData("Stockholm i november är mörk")]
    [InlineData("Tre små grisar 4ever")]
    public void A_passphrase_without_any_composition_rule_is_welcome(string password) =>
        Assert.Null(PasswordRules.Check(password, "karin.svensson@stockholm.se", "Karin Svensson"));

    [Fact]
    public void A_password_over_the_limit_is_refused() =>
        Assert.Equal(PasswordProblem.TooLong, PasswordRules.Check(string.Concat(Enumerable.Repeat("lång fras ", 21))));

    [Fact]
    public void Every_problem_has_words_for_the_api()
    {
        foreach (var problem in Enum.GetValues<PasswordProblem>())
            Assert.False(string.IsNullOrWhiteSpace(PasswordRules.Describe(problem)));
    }

    [Fact]
    public void Every_problem_is_refused_by_its_own_code_and_the_limits_are_named()
    {
        var refusals = Enum.GetValues<PasswordProblem>().Select(p => PasswordRules.Refuse("password", p)).ToList();

        Assert.All(refusals, r => Assert.Equal("password", r.Field));
        Assert.Equal(refusals.Count, refusals.Select(r => r.Code).Distinct().Count());
        Assert.Equal<object>(PasswordRules.MinLength, Assert.Single(PasswordRules.Refuse("password", PasswordProblem.TooShort).Args!));
        Assert.Equal<object>(PasswordRules.MaxLength, Assert.Single(PasswordRules.Refuse("password", PasswordProblem.TooLong).Args!));
    }
}
