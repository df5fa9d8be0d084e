using System.Diagnostics.CodeAnalysis;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.Rules;

/// <summary>What is wrong with a <see cref="RuleDraft"/>: one or more messages per field, each saying how to fix it.</summary>
/// <param name="Message">Plain-language explanation: the first field message.</param>
/// <param name="FieldErrors">Messages per field name (<see cref="RuleFields"/>).</param>
public sealed record RuleValidationError(string Message, IReadOnlyDictionary<string, string[]> FieldErrors)
{
    /// <summary>
    /// The same messages with their codes and values, when the validator made them (not for errors built from text
    /// alone): a page shows these in the person's language; the API answers <see cref="FieldErrors"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ValidationMessage[]>? FieldMessages { get; init; }

    public override string ToString() => Message;
}

/// <summary>
/// The outcome of validating a <see cref="RuleDraft"/>: either a normalized <see cref="ForwardingRule"/>
/// or a <see cref="RuleValidationError"/> with one or more messages per field.
/// </summary>
public sealed class RuleValidationResult
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private RuleValidationResult(ForwardingRule? value, RuleValidationError? error) => (Value, Error) = (value, error);

    /// <summary>The normalized rule, when valid.</summary>
    public ForwardingRule? Value { get; }

    /// <summary>Set when the draft has errors.</summary>
    public RuleValidationError? Error { get; }

    /// <summary>Whether the draft is valid; then <see cref="Value"/> is the normalized rule.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Messages per field name (<see cref="RuleFields"/>); empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Error?.FieldErrors ?? NoErrors;

    /// <summary>The messages for one field; empty when it has none.</summary>
    public IReadOnlyList<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>A valid draft, normalized.</summary>
    public static RuleValidationResult Ok(ForwardingRule rule) => new(rule ?? throw new ArgumentNullException(nameof(rule)), null);

    /// <summary>A draft with errors.</summary>
    public static RuleValidationResult Fail(RuleValidationError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    internal static RuleValidationResult Fail(Dictionary<string, List<ValidationMessage>> errors)
    {
        var messages = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        var fields = messages.ToDictionary(e => e.Key, e => Array.ConvertAll(e.Value, m => m.Text));
        return Fail(new RuleValidationError(fields.Values.SelectMany(m => m).First(), fields) { FieldMessages = messages });
    }

    public override string ToString() => IsSuccess ? "valid" : Error.Message;
}
