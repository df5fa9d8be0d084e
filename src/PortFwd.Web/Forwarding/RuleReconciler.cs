using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using PortFwd.Core.Rules;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Rules;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// Makes what runs match what is saved: relay listeners for TCP/UDP rules and a YARP listener per
/// HTTP port. It wakes on every stored change and on a periodic resync, rebuilds everything from
/// the database on start, and is idempotent. A rule that fails is marked with the reason and retried
/// on the next pass; it never stops the others.
/// </summary>
public sealed partial class RuleReconciler(
    IRuleSource rules,
    IRuleChangeSignal changes,
    RelayEngine relay,
    RuleStatusBoard statuses,
    HttpTrafficMeter httpMeter,
    IOptions<PortFwdOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<RuleReconciler> logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();
    private readonly Dictionary<(IPAddress Address, int Port), HttpPortHost> _httpHosts = [];
    private readonly HashSet<int> _relayed = [];

    // Each relayed rule's endpoints as the status board shows them, kept while the relay returns the same list: a pass
    // over a 10,000-port range then formats nothing and the board compares one reference.
    private readonly Dictionary<int, (IReadOnlyList<RelayEndpoint> Endpoints, string[] Text)> _listening = [];
    private readonly HashSet<int> _known = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resync = TimeSpan.FromSeconds(options.Value.ResyncSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var count = await ReconcileAsync(stoppingToken);
                LogPassDone(logger, count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; keep what runs and try again on the next wake.
                LogPassFailed(logger, ex);
            }

            try
            {
                await _wake.WaitAsync(resync, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        await base.StopAsync(cancellationToken);
        foreach (var host in _httpHosts.Values)
        {
            await host.DisposeAsync();
        }

        _httpHosts.Clear();
        foreach (var id in _relayed)
        {
            await relay.RemoveAsync(id, cancellationToken);
        }

        _relayed.Clear();
    }

    private void OnChanged(RuleChange change) => _wake.Set();

    /// <summary>One pass: diff the saved rules against what runs and apply the difference.</summary>
    /// <returns>How many rules are saved.</returns>
    private async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var all = await rules.GetAllAsync(ct);
        var listenAddresses = ListenAddresses(all.Where(r => r.Enabled), options.Value.ParsedListenAddress);

        // Relay: TCP, UDP and TCP/UDP rules.
        var wanted = all.Where(r => r.Enabled && RelayRules.IsRelayed(r) && listenAddresses.ContainsKey(r.Id)).ToDictionary(r => r.Id);
        foreach (var id in _relayed.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            await relay.RemoveAsync(id, ct);
            _relayed.Remove(id);
            _listening.Remove(id);
        }

        foreach (var rule in wanted.Values)
        {
            var result = await relay.ApplyAsync(RelayRules.From(rule, listenAddresses[rule.Id]), ct);
            if (result.IsSuccess)
            {
                _relayed.Add(rule.Id);
                statuses.Set(rule.Id, RuleState.Active, null, Listening(rule.Id, result.Listening));
            }
            else
            {
                _relayed.Remove(rule.Id);
                _listening.Remove(rule.Id);
                statuses.Set(rule.Id, RuleState.Error, Capitalize(result.Error.Message), []);
            }
        }

        await ReconcileHttpAsync(all.Where(r => r.Enabled && r.Protocol == Protocol.Http && listenAddresses.ContainsKey(r.Id)).ToList(), listenAddresses, ct);

        // Only now, with their listeners closed, do turned-off rules read "disabled".
        foreach (var rule in all.Where(r => !r.Enabled))
        {
            statuses.Set(rule.Id, RuleState.Disabled, "The rule is turned off.", []);
        }

        // Forget the status of deleted rules.
        var ids = all.Select(r => r.Id).ToHashSet();
        foreach (var gone in _known.Where(id => !ids.Contains(id)).ToList())
        {
            statuses.Remove(gone);
            _known.Remove(gone);
        }

        _known.UnionWith(ids);
        return all.Count;
    }

    /// <summary>Where each rule listens; a rule whose saved address is not one is marked with the error and left out.</summary>
    private Dictionary<int, IPAddress> ListenAddresses(IEnumerable<ForwardingRule> enabled, IPAddress? defaultListen)
    {
        var addresses = new Dictionary<int, IPAddress>();
        foreach (var rule in enabled)
        {
            var listen = RelayRules.ListenAddress(rule, defaultListen);
            if (listen.IsSuccess)
            {
                addresses[rule.Id] = listen.Value;
            }
            else
            {
                statuses.Set(rule.Id, RuleState.Error, listen.Error.Message, []);
            }
        }

        return addresses;
    }

    private async Task ReconcileHttpAsync(List<ForwardingRule> httpRules, Dictionary<int, IPAddress> listenAddresses, CancellationToken ct)
    {
        var groups = httpRules
            .GroupBy(r => (Address: listenAddresses[r.Id], Port: r.ExternalPort))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList());

        foreach (var key in _httpHosts.Keys.Where(k => !groups.ContainsKey(k)).ToList())
        {
            await _httpHosts[key].DisposeAsync();
            _httpHosts.Remove(key);
        }

        foreach (var (key, group) in groups)
        {
            if (_httpHosts.TryGetValue(key, out var running))
            {
                if (!SameRules(running.Rules, group))
                {
                    running.Update(group);
                }
            }
            else
            {
                var endpoint = new IPEndPoint(key.Address, key.Port);
                var started = await HttpPortHost.StartAsync(endpoint, group, loggerFactory, httpMeter, ct);
                if (!started.IsSuccess)
                {
                    foreach (var rule in group)
                    {
                        statuses.Set(rule.Id, RuleState.Error, Capitalize(started.Error.Message), []);
                    }

                    continue;
                }

                _httpHosts[key] = running = started.Value;
            }

            var listening = string.Create(CultureInfo.InvariantCulture, $"http/{FormatEndpoint(running.EndPoint)}");
            foreach (var rule in group)
            {
                statuses.Set(rule.Id, RuleState.Active, null, [listening]);
            }
        }
    }

    private string[] Listening(int ruleId, IReadOnlyList<RelayEndpoint> endpoints)
    {
        if (_listening.TryGetValue(ruleId, out var known) && ReferenceEquals(known.Endpoints, endpoints))
        {
            return known.Text;
        }

        string[] text = [.. endpoints.Select(Describe)];
        _listening[ruleId] = (endpoints, text);
        return text;
    }

    private static bool SameRules(IReadOnlyList<ForwardingRule> a, List<ForwardingRule> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Id == p.Second.Id && p.First.UpdatedAt == p.Second.UpdatedAt);

    private static string Describe(RelayEndpoint endpoint) =>
        (endpoint.Transport == RelayTransport.Udp ? "udp/" : "tcp/") + FormatEndpoint(endpoint.EndPoint);

    private static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.Address.Equals(IPAddress.IPv6Any) ? $"*:{endpoint.Port}" : endpoint.ToString();

    private static string Capitalize(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];

    [LoggerMessage(EventId = EventIds.RulePassFailed, Level = LogLevel.Error, Message = "Applying the saved rules failed; will retry on the next change or resync.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    // Debug: what a pass costs with many rules (bench/PortFwd.Scale.Bench reads it).
    [LoggerMessage(EventId = EventIds.RulePassDone, Level = LogLevel.Debug, Message = "Applied {Rules} saved rules in {Milliseconds:F2} ms.")]
    private static partial void LogPassDone(ILogger logger, int rules, double milliseconds);
}
