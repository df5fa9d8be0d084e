using System.Globalization;
using Prometheus;
using PortFwd.Core.Rules;

namespace PortFwd.Web.Traffic;

/// <summary>
/// /metrics: per-rule counters (lifetime totals, so they carry on across restarts) and gauges, labelled
/// by rule id and name, in the Prometheus text format written by prometheus-net. The figures are
/// copied from the sampler right before each scrape; a renamed or deleted rule's old series go away.
/// </summary>
public sealed class TrafficMetrics
{
    private static readonly string[] Labels = ["rule_id", "rule_name"];

    private readonly TrafficSampler _sampler;
    private readonly TrafficHistory _history;
    private readonly IRuleSource _rules;
    private readonly Dictionary<int, string[]> _exported = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly Counter _bytesIn;
    private readonly Counter _bytesOut;
    private readonly Counter _connections;
    private readonly Counter _refused;
    private readonly Counter _upstreamFailed;
    private readonly Counter _idleClosed;
    private readonly Counter _datagramsIn;
    private readonly Counter _datagramsOut;
    private readonly Counter _requests;
    private readonly Counter _responses;
    private readonly Counter _latency;
    private readonly Gauge _activeConnections;
    private readonly Gauge _activeUdpSessions;
    private readonly Gauge _activeRequests;
    private readonly Gauge _tick;

    public TrafficMetrics(TrafficSampler sampler, TrafficHistory history, IRuleSource rules)
    {
        _sampler = sampler;
        _history = history;
        _rules = rules;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var labelled = new CounterConfiguration { LabelNames = Labels };
        _bytesIn = factory.CreateCounter("portfwd_rule_bytes_in_total", "Bytes clients sent through the rule to the internal service.", labelled);
        _bytesOut = factory.CreateCounter("portfwd_rule_bytes_out_total", "Bytes the internal service sent back to clients through the rule.", labelled);
        _connections = factory.CreateCounter("portfwd_rule_connections_total", "TCP connections accepted and UDP sessions opened.", labelled);
        _refused = factory.CreateCounter("portfwd_rule_refused_total", "Connections, datagrams or requests refused by the allow-list or a limit.", labelled);
        _upstreamFailed = factory.CreateCounter("portfwd_rule_upstream_failures_total", "Connections or requests that could not reach the internal service.", labelled);
        _idleClosed = factory.CreateCounter("portfwd_rule_tcp_idle_closed_total", "TCP connections closed because nothing moved either way for the idle timeout.", labelled);
        _datagramsIn = factory.CreateCounter("portfwd_rule_udp_datagrams_in_total", "UDP datagrams forwarded from clients.", labelled);
        _datagramsOut = factory.CreateCounter("portfwd_rule_udp_datagrams_out_total", "UDP datagrams forwarded back to clients.", labelled);
        _requests = factory.CreateCounter("portfwd_rule_http_requests_total", "HTTP requests (http rules).", labelled);
        _responses = factory.CreateCounter("portfwd_rule_http_responses_total", "HTTP responses by status class (http rules).",
            new CounterConfiguration { LabelNames = [.. Labels, "class"] });
        _latency = factory.CreateCounter("portfwd_rule_http_upstream_latency_seconds_total",
            "Sum of the time to response headers of HTTP requests; divide by the requests for the mean.", labelled);
        _activeConnections = factory.CreateGauge("portfwd_rule_active_connections", "TCP connections open now.", new GaugeConfiguration { LabelNames = Labels });
        _activeUdpSessions = factory.CreateGauge("portfwd_rule_active_udp_sessions", "UDP sessions open now.", new GaugeConfiguration { LabelNames = Labels });
        _activeRequests = factory.CreateGauge("portfwd_rule_active_http_requests", "HTTP requests in flight now.", new GaugeConfiguration { LabelNames = Labels });
        _tick = factory.CreateGauge("portfwd_traffic_sampler_tick_seconds", "How long the last traffic sampling tick took.");
        Registry.AddBeforeCollectCallback(UpdateAsync);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Writes the text exposition format.</summary>
    public Task WriteAsync(Stream output, CancellationToken cancellationToken) => Registry.CollectAndExportAsTextAsync(output, cancellationToken);

    private async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var rules = await _rules.GetAllAsync(cancellationToken);
        var lifetimes = _history.Lifetimes().ToDictionary(l => l.RuleId);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (id, old) in _exported.ToList())
            {
                if (!rules.Any(r => r.Id == id && r.Name == old[1]))
                {
                    Remove(old);
                    _exported.Remove(id);
                }
            }

            foreach (var rule in rules)
            {
                string[] labels = [rule.Id.ToString(CultureInfo.InvariantCulture), rule.Name];
                _exported[rule.Id] = labels;
                lifetimes.TryGetValue(rule.Id, out var lifetime);
                var t = lifetime.Totals;
                _bytesIn.WithLabels(labels).IncTo(t.BytesIn);
                _bytesOut.WithLabels(labels).IncTo(t.BytesOut);
                _connections.WithLabels(labels).IncTo(t.Connections);
                _refused.WithLabels(labels).IncTo(t.Refused);
                _upstreamFailed.WithLabels(labels).IncTo(t.UpstreamFailed);
                if (rule.Protocol != Protocol.Http)
                {
                    _idleClosed.WithLabels(labels).IncTo(t.IdleClosed);
                }

                _datagramsIn.WithLabels(labels).IncTo(t.DatagramsIn);
                _datagramsOut.WithLabels(labels).IncTo(t.DatagramsOut);
                _activeConnections.WithLabels(labels).Set(lifetime.Now.ActiveConnections);
                _activeUdpSessions.WithLabels(labels).Set(lifetime.Now.ActiveUdpSessions);
                if (rule.Protocol == Protocol.Http)
                {
                    _requests.WithLabels(labels).IncTo(t.Requests);
                    _responses.WithLabels([.. labels, "2xx"]).IncTo(t.Status2xx);
                    _responses.WithLabels([.. labels, "3xx"]).IncTo(t.Status3xx);
                    _responses.WithLabels([.. labels, "4xx"]).IncTo(t.Status4xx);
                    _responses.WithLabels([.. labels, "5xx"]).IncTo(t.Status5xx);
                    _latency.WithLabels(labels).IncTo(t.LatencyMicros / 1e6);
                    _activeRequests.WithLabels(labels).Set(lifetime.Now.ActiveRequests);
                }
            }

            _tick.Set(_sampler.LastTickDuration.TotalSeconds);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Remove(string[] labels)
    {
        foreach (var counter in new[] { _bytesIn, _bytesOut, _connections, _refused, _upstreamFailed, _idleClosed, _datagramsIn, _datagramsOut, _requests, _latency })
        {
            counter.RemoveLabelled(labels);
        }

        foreach (var statusClass in new[] { "2xx", "3xx", "4xx", "5xx" })
        {
            _responses.RemoveLabelled([.. labels, statusClass]);
        }

        _activeConnections.RemoveLabelled(labels);
        _activeUdpSessions.RemoveLabelled(labels);
        _activeRequests.RemoveLabelled(labels);
    }
}
