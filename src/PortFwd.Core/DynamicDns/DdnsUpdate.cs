using PortFwd.Core.Rules.Validation;

namespace PortFwd.Core.DynamicDns;

/// <summary>Where a name stands with its provider.</summary>
public enum DdnsStatus
{
    /// <summary>No answer yet: the first update has not been sent.</summary>
    Pending,

    /// <summary>The provider took the new address (<c>good</c>).</summary>
    Good,

    /// <summary>The provider already had this address (<c>nochg</c>).</summary>
    NoChange,

    /// <summary>The provider or the network failed for now; the update is sent again after a pause.</summary>
    Retrying,

    /// <summary>The provider refused the name or its credentials; nothing is sent until its settings change.</summary>
    Stopped,
}

/// <summary>The wire names of <see cref="DdnsStatus"/> (<c>pending</c>, <c>good</c>, <c>nochg</c>, <c>retrying</c>, <c>stopped</c>).</summary>
public static class DdnsStatusNames
{
    public static string ToName(this DdnsStatus status) => status switch
    {
        DdnsStatus.Pending => "pending",
        DdnsStatus.Good => "good",
        DdnsStatus.NoChange => "nochg",
        DdnsStatus.Retrying => "retrying",
        DdnsStatus.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? name, out DdnsStatus status)
    {
        foreach (var candidate in Enum.GetValues<DdnsStatus>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Whether the provider now points the name at the address sent.</summary>
    public static bool IsAccepted(this DdnsStatus status) => status is DdnsStatus.Good or DdnsStatus.NoChange;
}

/// <summary>One update sent for a name (or refused before sending), as its history shows it; the last 50 per name are kept.</summary>
public sealed class DdnsUpdate
{
    public long Id { get; set; }

    public int NameId { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>The address sent; null when there was none to send.</summary>
    public string? Address { get; set; }

    public DdnsStatus Status { get; set; }

    /// <summary>The provider's answer in plain words (e.g. "badauth: the user name or password is wrong"), in English: what the API answers.</summary>
    public string Message { get; set; } = "";

    /// <summary>The code of <see cref="Message"/> ("Ddns.Update.*"), so the panel says it in the person's language; empty in rows written before results had codes.</summary>
    public string MessageCode { get; set; } = "";

    /// <summary>The values in <see cref="Message"/> as a JSON array (see <see cref="StoredMessage"/>); null when it has no code.</summary>
    public string? MessageArguments { get; set; }

    /// <summary>
    /// The result as a coded message (its English is <see cref="Message"/>); setting it fills <see cref="Message"/>,
    /// <see cref="MessageCode"/> and <see cref="MessageArguments"/>. A row without a code gives its English alone.
    /// </summary>
    public ValidationMessage Said
    {
        get => StoredMessage.Read(MessageCode, Message, MessageArguments);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Message = value.Text;
            MessageCode = value.Code;
            MessageArguments = StoredMessage.Arguments(value);
        }
    }
}

/// <summary>What happened to a name; raised after the change is stored.</summary>
public enum DdnsChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>A stored change of one Dynamic DNS name.</summary>
public sealed record DdnsChange(DdnsChangeKind Kind, int NameId);

/// <summary>Tells listeners (the updater, open pages) that a Dynamic DNS name was stored or deleted.</summary>
public interface IDdnsChangeSignal
{
    event Action<DdnsChange>? Changed;

    void Notify(DdnsChange change);
}

/// <summary>The in-process <see cref="IDdnsChangeSignal"/>.</summary>
public sealed class DdnsChangeSignal : IDdnsChangeSignal
{
    public event Action<DdnsChange>? Changed;

    public void Notify(DdnsChange change) => Changed?.Invoke(change);
}

/// <summary>Encrypts a name's secrets for storage and decrypts them to send an update; the panel implements it with Data Protection.</summary>
public interface IDdnsSecrets
{
    string Protect(string secret);

    /// <summary>The secret, or null when it cannot be decrypted (the keys were lost): the user must type it again.</summary>
    string? Unprotect(string protectedSecret);
}
