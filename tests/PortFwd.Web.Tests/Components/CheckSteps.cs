using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortFwd.Web.Hosting;
using PortFwd.Web.Reachability;

namespace PortFwd.Web.Tests.Components;

/// <summary>
/// Reachability steps a test answers when it chooses, so a page can be seen while a check runs. The checker around them
/// is the real one; its probe is off, so nothing is asked outside the machine.
/// </summary>
internal sealed class CheckSteps
{
    private readonly Dictionary<CheckStepName, Gate> _gates = [];

    /// <summary>A step that answers <paramref name="answer"/> once <see cref="Answer"/> is called for its name.</summary>
    public CheckSteps With(CheckStep answer)
    {
        _gates[answer.Name] = new Gate(answer);
        return this;
    }

    public void Answer(CheckStepName name) => _gates[name].Open();

    public void AnswerAll()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Open();
        }
    }

    /// <summary>The checker, its board and probe (off), with these steps and at most <paramref name="maxRunningChecks"/> checks at once.</summary>
    public void AddTo(IServiceCollection services, int maxRunningChecks)
    {
        var options = new ReachabilityOptions { ProbeUrl = "", TimeoutSeconds = 60, MaxRunningChecks = maxRunningChecks };
        ((IParsedSettings)options).Parse(ReachabilityOptions.Section, []);
        services.AddSingleton<IOptionsMonitor<ReachabilityOptions>>(new Fakes.SettableOptions<ReachabilityOptions>(options));
        services.AddHttpClient();
        services.AddSingleton<InternetProbe>();
        services.AddSingleton<ReachabilityBoard>();
        services.AddSingleton<ReachabilityChecker>();
        services.AddSingleton<IHostApplicationLifetime>(new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance));
        foreach (var gate in _gates.Values)
        {
            services.AddSingleton<IReachabilityStep>(gate);
        }
    }

    private sealed class Gate(CheckStep answer) : IReachabilityStep
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CheckStepName Name => answer.Name;

        public TimeSpan Limit { get; } = TimeSpan.FromSeconds(60);

        public void Open() => _open.TrySetResult();

        public async Task<IReadOnlyList<CheckStep>> RunAsync(CheckContext context, CancellationToken ct)
        {
            await _open.Task.WaitAsync(ct);
            return [answer];
        }
    }
}
