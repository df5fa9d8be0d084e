using System.Net;
using PortFwd.Core.Rules;
using PortFwd.Relay.Rules;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// Which HTTP rule of a port answers a request. A rule naming host names wins over every rule without
/// (the catch-all rules); among the rules that match, a longer path prefix (more segments) wins, and for
/// the same prefix an exact host name wins over a wildcard, a longer wildcard over a shorter one. Host names
/// and path prefixes compare without regard to case, the host without its port. Built once per change of
/// the port's rules and never changed, so requests read it without locks.
/// </summary>
internal sealed class HttpRouteTable
{
    private readonly Dictionary<string, HttpRoute[]> _exactHosts;
    private readonly (string Suffix, HttpRoute[] Routes)[] _wildcards;
    private readonly HttpRoute[] _anyHost;

    public HttpRouteTable(IEnumerable<HttpRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var exact = new Dictionary<string, List<HttpRoute>>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new Dictionary<string, List<HttpRoute>>(StringComparer.OrdinalIgnoreCase);
        var anyHost = new List<HttpRoute>();
        foreach (var route in routes)
        {
            if (route.Rule.HostNames.Count == 0)
            {
                anyHost.Add(route);
                continue;
            }

            foreach (var name in route.Rule.HostNames)
            {
                // "*.example.com" matches any name ending in ".example.com", not example.com itself.
                var (table, key) = name.StartsWith("*.", StringComparison.Ordinal) ? (wildcards, name[1..]) : (exact, name);
                if (!table.TryGetValue(key, out var list))
                {
                    table[key] = list = [];
                }

                list.Add(route);
            }
        }

        _exactHosts = exact.ToDictionary(e => e.Key, e => BySpecificity(e.Value), StringComparer.OrdinalIgnoreCase);
        _wildcards = [.. wildcards.Select(w => (w.Key, BySpecificity(w.Value))).OrderByDescending(w => w.Key.Length)];
        _anyHost = BySpecificity(anyHost);
    }

    public static HttpRouteTable Empty { get; } = new([]);

    /// <summary>The route for a request's host (without port) and path, or null when no rule matches.</summary>
    public HttpRoute? Find(string host, PathString path)
    {
        HttpRoute? best = null;
        if (host.Length > 0)
        {
            if (host[^1] == '.')
            {
                host = host[..^1];
            }

            if (_exactHosts.TryGetValue(host, out var exact))
            {
                best = FirstMatch(exact, path);
            }

            // Longest suffix first: a wildcard only wins with more path segments than what is already found.
            foreach (var (suffix, routes) in _wildcards)
            {
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                    && FirstMatch(routes, path) is { } match
                    && (best is null || match.PrefixSegments > best.PrefixSegments))
                {
                    best = match;
                }
            }
        }

        return best ?? FirstMatch(_anyHost, path);
    }

    private static HttpRoute[] BySpecificity(List<HttpRoute> routes) =>
        [.. routes.OrderByDescending(r => r.PrefixSegments).ThenBy(r => r.Rule.Id)];

    private static HttpRoute? FirstMatch(HttpRoute[] routes, PathString path)
    {
        foreach (var route in routes)
        {
            if (route.MatchesPath(path))
            {
                return route;
            }
        }

        return null;
    }
}

/// <summary>One HTTP rule as the port host serves it: where requests go, who may send them, what counts them.</summary>
internal sealed class HttpRoute
{
    private readonly string? _prefix;
    private readonly IPNetwork[] _allowed;

    public HttpRoute(ForwardingRule rule, HttpRuleCounters counters)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        Counters = counters;
        Destination = $"http://{rule.InternalHostForPort}:{rule.InternalPort}/";
        _prefix = rule.PathPrefix;
        PrefixSegments = _prefix is null ? 0 : _prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        _allowed = [.. rule.AllowedSources.Select(IPNetwork.Parse)];
    }

    public ForwardingRule Rule { get; }

    public HttpRuleCounters Counters { get; }

    /// <summary>The service's base address; the request's whole path and query are appended to it.</summary>
    public string Destination { get; }

    public int PrefixSegments { get; }

    /// <summary>The prefix itself or anything below it ("/app", "/app/", "/app/x"), never "/apple".</summary>
    public bool MatchesPath(PathString path)
    {
        if (_prefix is null)
        {
            return true;
        }

        var value = path.Value ?? "";
        return value.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase)
            && (value.Length == _prefix.Length || value[_prefix.Length] == '/');
    }

    /// <summary>Whether the allow-list lets this client in; a rule without one lets everyone in.</summary>
    public bool Allows(IPAddress? remote) => remote is null ? _allowed.Length == 0 : SourceFilter.Admits(_allowed, remote);
}
