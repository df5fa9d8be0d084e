namespace PortFwd.Core.DynamicDns;

/// <summary>
/// The outcome of validating a <see cref="DdnsDraft"/>: a normalized <see cref="DdnsName"/> (without secrets) and the
/// secrets typed, or one or more messages per field.
/// </summary>
public sealed class DdnsValidationResult
{
    private readonly Dictionary<string, List<string>> _errors;

    internal DdnsValidationResult(DdnsName? name, string? password, string? token, Dictionary<string, List<string>> errors)
    {
        Name = name;
        Password = password;
        Token = token;
        _errors = errors;
    }

    /// <summary>The normalized name, when valid; its secrets are not set (they are for the store to encrypt).</summary>
    public DdnsName? Name { get; }

    /// <summary>The password typed, when the provider uses one; null means keep the stored one.</summary>
    public string? Password { get; }

    /// <summary>The token typed, when the provider uses one; null means keep the stored one.</summary>
    public string? Token { get; }

    public bool IsValid => _errors.Count == 0;

    /// <summary>Messages per field name (<see cref="DdnsFields"/>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IReadOnlyList<string> ErrorsFor(string field) =>
        _errors.TryGetValue(field, out var list) ? list : [];
}
