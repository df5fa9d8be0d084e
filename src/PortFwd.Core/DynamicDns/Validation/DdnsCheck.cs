namespace PortFwd.Core.DynamicDns.Validation;

/// <summary>Checks one aspect of a Dynamic DNS name (its provider, host name, credentials, …), adding errors and normalized values to the shared check.</summary>
internal interface IDdnsAspectValidator
{
    void Validate(DdnsCheck check);
}

/// <summary>
/// One validation in progress: the draft, the context, the errors found so far (every aspect adds to the same list, so
/// all mistakes show at once), and the values each aspect normalized, for the aspects after it and the name built at the end.
/// </summary>
internal sealed class DdnsCheck(DdnsDraft draft, DdnsValidationContext context)
{
    public DdnsDraft Draft { get; } = draft;

    public DdnsValidationContext Context { get; } = context;

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Null while the provider is missing or unknown; later aspects then check only what they can.</summary>
    public DdnsProvider? Provider { get; set; }

    public string HostName { get; set; } = "";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }

    /// <summary>The server URL as typed and checked; null means the provider's own.</summary>
    public string? Server { get; set; }

    public void Error(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The trimmed text, or null when it is blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
