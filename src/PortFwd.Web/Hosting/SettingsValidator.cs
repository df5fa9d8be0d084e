using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Hosting;

/// <summary>An options class with values that are parsed once, at start (addresses, URLs).</summary>
internal interface IParsedSettings
{
    /// <summary>Parses the raw values, keeps the parsed ones and adds a sentence per bad value to <paramref name="problems"/>.</summary>
    /// <param name="section">The full configuration key of this class, e.g. <c>PortFwd:Router</c>.</param>
    void Parse(string section, ICollection<ValidationMessage> problems);
}

/// <summary>
/// Checks a bound options class and every class nested in it: <see cref="RangeAttribute"/>,
/// <see cref="RequiredAttribute"/>, enum values, and the values <see cref="IParsedSettings"/> parses.
/// Every problem is one sentence naming the full key and what is allowed, so the start can print them as
/// they are; all problems are reported at once, not the first only.
/// </summary>
internal sealed class SettingsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = Messages(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.Text));
    }

    /// <summary>The same problems as <see cref="Validate"/>, with their codes, for a page that shows them in the person's language.</summary>
    public IReadOnlyList<ValidationMessage> Messages(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ValidationMessage>();
        Check(options, section, problems);
        return problems;
    }

    private static void Check(object options, string prefix, List<ValidationMessage> problems)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Only what configuration can set; parsed values (private setters) are results, not settings.
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(options);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null && (value is null || value is string text && string.IsNullOrWhiteSpace(text)))
            {
                problems.Add(SettingsMessages.Required.With(key));
            }

            if (property.GetCustomAttribute<RangeAttribute>() is { } range && value is not null && !range.IsValid(value))
            {
                problems.Add(SettingsMessages.OutOfRange.With(key, value, range.Minimum, range.Maximum));
            }

            if (value is Enum member && !Enum.IsDefined(member.GetType(), member))
            {
                problems.Add(SettingsMessages.NotOneOf.With(key, value, string.Join(", ", Enum.GetNames(member.GetType()))));
            }

            if (value is not null and not string and not IEnumerable && property.PropertyType.IsClass)
            {
                Check(value, key, problems);
            }
        }

        if (options is IParsedSettings parsed)
        {
            parsed.Parse(prefix, problems);
        }
    }
}
