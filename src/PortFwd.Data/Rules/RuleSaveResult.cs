using System.Diagnostics.CodeAnalysis;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;

namespace PortFwd.Data.Rules;

/// <summary>Why a rule was not saved, in groups the API and the pages answer differently.</summary>
public enum RuleSaveErrorKind
{
    /// <summary>Fields failed validation; <see cref="RuleSaveError.FieldErrors"/> says which and why.</summary>
    Invalid,

    /// <summary>Another enabled rule already uses the port; <see cref="RuleSaveError.Conflict"/> names it.</summary>
    Conflict,

    /// <summary>There is no rule with that id (deleted meanwhile).</summary>
    NotFound,
}

/// <summary>Why a rule was not saved, with a sentence a person can act on.</summary>
/// <param name="Kind">The group of the error.</param>
/// <param name="Message">Plain-language explanation (for field errors, the first of them).</param>
public sealed record RuleSaveError(RuleSaveErrorKind Kind, string Message)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoFields = new Dictionary<string, string[]>();

    /// <summary>Messages per field (<see cref="RuleFields"/>); a conflict is reported on the field that clashes (the external port, or the redirect's port).</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; private init; } = NoFields;

    /// <summary>
    /// The same messages with their codes and values, when the validator or the conflict check made them: a page shows
    /// these in the person's language; the API answers <see cref="FieldErrors"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ValidationMessage[]>? FieldMessages { get; private init; }

    /// <summary><see cref="Message"/> with its code and values, when it has them.</summary>
    public ValidationMessage? Said { get; private init; }

    /// <summary>For <see cref="RuleSaveErrorKind.Conflict"/>: the rule that holds the port, and the message.</summary>
    public RuleConflict? Conflict { get; private init; }

    /// <summary>Said when the rule is gone.</summary>
    public static RuleSaveError NotFound { get; } = new(RuleSaveErrorKind.NotFound, RuleMessages.RuleGone.With().Text) { Said = RuleMessages.RuleGone.With() };

    /// <summary>Fields that failed validation.</summary>
    public static RuleSaveError Invalid(IReadOnlyDictionary<string, string[]> fieldErrors)
    {
        ArgumentNullException.ThrowIfNull(fieldErrors);
        var first = fieldErrors.Values.SelectMany(messages => messages).FirstOrDefault() ?? "The rule has errors.";
        return new RuleSaveError(RuleSaveErrorKind.Invalid, first) { FieldErrors = fieldErrors };
    }

    /// <summary>Fields the validator refused, with their codes when it gave them.</summary>
    public static RuleSaveError Invalid(RuleValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Invalid(error.FieldErrors) with
        {
            FieldMessages = error.FieldMessages,
            Said = error.FieldMessages?.Values.SelectMany(messages => messages).FirstOrDefault(),
        };
    }

    /// <summary>Coded messages under one field (the router risks nobody confirmed), with their English for the API.</summary>
    public static RuleSaveError Invalid(string field, IReadOnlyList<ValidationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var said = messages.ToArray();
        return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [.. said.Select(m => m.Text)] }) with
        {
            FieldMessages = new Dictionary<string, ValidationMessage[]>(StringComparer.Ordinal) { [field] = said },
            Said = said.FirstOrDefault(),
        };
    }

    /// <summary>A port another enabled rule already uses.</summary>
    public static RuleSaveError Conflicting(RuleConflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new RuleSaveError(RuleSaveErrorKind.Conflict, conflict.Message)
        {
            Conflict = conflict,
            FieldErrors = new Dictionary<string, string[]> { [conflict.Field] = [conflict.Message] },
            FieldMessages = new Dictionary<string, ValidationMessage[]> { [conflict.Field] = [conflict.Said] },
            Said = conflict.Said,
        };
    }

    public override string ToString() => Message;
}

/// <summary>The outcome of storing a rule: the saved rule, or why it was not saved.</summary>
public sealed class RuleSaveResult
{
    private RuleSaveResult(ForwardingRule? value, RuleSaveError? error) => (Value, Error) = (value, error);

    /// <summary>The stored rule, when saved.</summary>
    public ForwardingRule? Value { get; }

    /// <summary>Set when nothing was saved.</summary>
    public RuleSaveError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static RuleSaveResult Ok(ForwardingRule saved) => new(saved ?? throw new ArgumentNullException(nameof(saved)), null);

    public static RuleSaveResult Fail(RuleSaveError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator RuleSaveResult(RuleSaveError error) => Fail(error);

    public override string ToString() => IsSuccess ? $"saved: rule {Value.Id}" : Error.Message;
}
