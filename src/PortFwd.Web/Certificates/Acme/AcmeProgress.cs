using System.Collections.Concurrent;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Certificates.Acme;

/// <summary>A name set's last failed ACME attempt: the CA's words and when the next try is due.</summary>
/// <param name="Names">The names ordered (lower case).</param>
/// <param name="At">When the attempt ended.</param>
/// <param name="Said">What went wrong, quoting the CA, with its code (<see cref="CertificateMessages.FromAcme"/>).</param>
/// <param name="NextTry">When it is tried again (never sooner).</param>
/// <param name="Failures">How many attempts in a row failed.</param>
public sealed record AcmeFailure(IReadOnlyList<string> Names, DateTimeOffset At, ValidationMessage Said, DateTimeOffset NextTry, int Failures)
{
    /// <summary>What went wrong, in English.</summary>
    public string Message => Said.Text;
}

/// <summary>
/// Where issuing stands for each name set, in memory: which one is being ordered now and the last failure of each
/// (until it succeeds). The issuer writes it; the rule reconciler (a waiting rule's status) and the pages read it and
/// follow <see cref="Updates"/>.
/// </summary>
public sealed class AcmeProgress(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AcmeFailure> _failures = new(StringComparer.Ordinal);
    private volatile string? _running;

    public ChangeFeed Updates { get; } = new(time);

    /// <summary>Why nothing is issued at all (no CA set), or null.</summary>
    public ValidationMessage? Off { get; private set; }

    /// <summary>The key of a name set: its names normalized, ordered and joined.</summary>
    public static string KeyOf(IEnumerable<string> names) =>
        string.Join(',', names.Select(CertificateNames.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>The last failure for these names, if their last attempt failed.</summary>
    public AcmeFailure? FailureFor(IEnumerable<string> names) => _failures.GetValueOrDefault(KeyOf(names));

    /// <summary>Whether an order for these names is running now.</summary>
    public bool IsRunning(IEnumerable<string> names) => _running == KeyOf(names);

    internal void SetOff(ValidationMessage? reason)
    {
        if (Off != reason)
        {
            Off = reason;
            Updates.Notify();
        }
    }

    internal void Started(IEnumerable<string> names) => _running = KeyOf(names);

    internal void Finished() => _running = null;

    internal AcmeFailure Failed(IReadOnlyList<string> names, ValidationMessage message, Func<int, DateTimeOffset> nextTry)
    {
        var key = KeyOf(names);
        var failures = (_failures.GetValueOrDefault(key)?.Failures ?? 0) + 1;
        var failure = new AcmeFailure([.. key.Split(',')], time.GetUtcNow(), message, nextTry(failures), failures);
        _failures[key] = failure;
        Updates.Notify();
        return failure;
    }

    internal void Succeeded(IEnumerable<string> names)
    {
        if (_failures.TryRemove(KeyOf(names), out _))
        {
            Updates.Notify();
        }
    }
}
