using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// A list of ids in a request (districts, sites): bounded, so that a body cannot make the server compare a hundred
/// thousand ids with every row, and without repeats, which are more often a client's mistake than a wish.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdListAttribute : ValidationAttribute
{
    public const int MaxCount = 200;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IEnumerable items)
            return ValidationResult.Success;
        var seen = new HashSet<object>();
        var count = 0;
        foreach (var item in items)
        {
            if (++count > MaxCount)
                return new ValidationResult($"At most {MaxCount} ids.");
            if (!seen.Add(item))
                return new ValidationResult($"The id {item} is given twice.");
        }
        return ValidationResult.Success;
    }
}
