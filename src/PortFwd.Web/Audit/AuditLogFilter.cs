using System.Text.Encodings.Web;
using System.Text.Json;
using PortFwd.Data.Audit;

namespace PortFwd.Web.Audit;

/// <summary>A kind of change the Log page filters on: an action prefix and its name in the user's words.</summary>
public sealed record AuditKind(string Prefix, string Label);

/// <summary>A time span the Log page filters on, back from now; null length is the whole log.</summary>
public sealed record AuditPeriod(string Name, string Label, TimeSpan? Length);

/// <summary>
/// The Log page's filters (what, who, when) and how they become a query: kept apart from the page so the choices and
/// the query they make are plain code. Empty values mean "any".
/// </summary>
public sealed class AuditLogFilter
{
    /// <summary>Entries the page reads at a time; "Load more" reads the next ones.</summary>
    public const int PageSize = 50;

    public static IReadOnlyList<AuditKind> Kinds { get; } =
    [
        new("", "Everything"),
        new("rule", "Rules"),
        new("ddns", "Dynamic DNS"),
        new("blocklist", "Blocklist"),
        new("certificate", "Certificates"),
        new("router", "Router mappings"),
        new("settings", "Settings"),
        new("backup", "Restores"),
        new("import", "Imports"),
        new("account", "Accounts"),
        new("signin", "Sign-ins"),
    ];

    public static IReadOnlyList<AuditPeriod> Periods { get; } =
    [
        new("24h", "Last 24 hours", TimeSpan.FromDays(1)),
        new("7d", "Last 7 days", TimeSpan.FromDays(7)),
        new("30d", "Last 30 days", TimeSpan.FromDays(30)),
        new("all", "Everything kept", null),
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An action prefix from <see cref="Kinds"/>; empty for every kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>A user name; empty for everyone.</summary>
    public string? Actor { get; set; }

    /// <summary>A name from <see cref="Periods"/>.</summary>
    public string Period { get; set; } = "7d";

    /// <summary>The query for one page of entries: those before entry <paramref name="before"/> (null for the newest).</summary>
    public AuditQuery ToQuery(DateTimeOffset now, long? before = null)
    {
        var length = Periods.FirstOrDefault(p => p.Name == Period)?.Length;
        return new AuditQuery(
            From: length is { } span ? now - span : null,
            Action: string.IsNullOrEmpty(Kind) ? null : Kind,
            Actor: string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
            Limit: PageSize + 1,
            Before: before);
    }

    /// <summary>The JSON of a before/after picture indented for reading; empty for none.</summary>
    public static string Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented);
    }
}
