using System.Globalization;

namespace PortFwd.Import.Tests;

/// <summary>The sample files under Samples/ and a one-line form of results, so tables of expectations stay readable.</summary>
internal static class Samples
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", file));

    /// <summary>"12 rinetd line 12 | tcp 8080 -> 192.168.1.20:80 listen 10.0.0.1 from 10.0.0.0/8 | Imported from ..."</summary>
    public static string Describe(ImportedRule rule)
    {
        var d = rule.Draft;
        var ports = d.ExternalPortEnd is { } end ? $"{d.ExternalPort}-{end}" : $"{d.ExternalPort}";
        var text = $"{rule.Line} {d.Name} | {d.Protocol} {ports} -> {d.InternalHost}:{d.InternalPort}";
        text += d.ListenAddress is { } listen ? $" listen {listen}" : "";
        text += d.AllowedSources is { Count: > 0 } sources ? $" from {string.Join(", ", sources)}" : "";
        text += d.HostNames is { Count: > 0 } hosts ? $" hosts {string.Join(", ", hosts)}" : "";
        text += d.PathPrefix is { } path ? $" path {path}" : "";
        Assert.True(d.Enabled, "imported rules are enabled");
        Assert.False(d.OpenOnRouter, "the import never opens router ports by itself");
        return text + $" | {d.Description}";
    }

    public static string Describe(ImportProblem problem) => $"{problem.Line.ToString(CultureInfo.InvariantCulture)}: {problem.Reason}";

    public static string Describe(ImportNote note) => $"{note.Line.ToString(CultureInfo.InvariantCulture)}: {note.Note}";
}
