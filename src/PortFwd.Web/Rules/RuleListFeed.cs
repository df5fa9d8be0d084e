using PortFwd.Core.Rules;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Rules;

/// <summary>Tells open pages that the saved rules changed (in this browser, another one, or through the API).</summary>
public sealed class RuleListFeed : IDisposable
{
    private readonly IRuleChangeSignal _signal;

    public RuleListFeed(IRuleChangeSignal signal, TimeProvider time)
    {
        _signal = signal;
        Updates = new ChangeFeed(time);
        _signal.Changed += OnChanged;
    }

    /// <summary>Notified after a rule was created, changed or deleted.</summary>
    public ChangeFeed Updates { get; }

    private void OnChanged(RuleChange change) => Updates.Notify();

    public void Dispose() => _signal.Changed -= OnChanged;
}
