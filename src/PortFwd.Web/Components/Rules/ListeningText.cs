using System.Globalization;

namespace PortFwd.Web.Components.Rules;

/// <summary>
/// Where a rule listens, in a line a tooltip can hold: the ports of each transport and address join into ranges, so a
/// 10,000-port range reads "udp/127.0.0.1:10000-19999" instead of 10,000 endpoints.
/// </summary>
public static class ListeningText
{
    /// <param name="listening">Endpoints as the status board has them: "tcp/127.0.0.1:8080", "udp/[::1]:5000", "http/*:80".</param>
    public static string Describe(IReadOnlyList<string> listening)
    {
        ArgumentNullException.ThrowIfNull(listening);

        // Each transport/address in the order first listed, with its ports in order.
        var groups = new List<(string Prefix, List<int> Ports)>();
        var byPrefix = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var endpoint in listening)
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                var prefix = endpoint[..colon];
                if (!byPrefix.TryGetValue(prefix, out var ports))
                {
                    byPrefix[prefix] = ports = [];
                    groups.Add((prefix, ports));
                }

                ports.Add(port);
            }
            else
            {
                groups.Add((endpoint, []));
            }
        }

        return string.Join(", ", groups.SelectMany(g => g.Ports.Count == 0 ? [g.Prefix] : Runs(g.Ports).Select(run => $"{g.Prefix}:{run}")));
    }

    private static IEnumerable<string> Runs(List<int> ports)
    {
        var start = ports[0];
        for (var i = 1; i <= ports.Count; i++)
        {
            if (i == ports.Count || ports[i] != ports[i - 1] + 1)
            {
                var end = ports[i - 1];
                yield return start == end ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start}-{end}");
                if (i < ports.Count)
                {
                    start = ports[i];
                }
            }
        }
    }
}
