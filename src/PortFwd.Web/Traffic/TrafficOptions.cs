using System.ComponentModel.DataAnnotations;

namespace PortFwd.Web.Traffic;

/// <summary>The <c>PortFwd:Traffic</c> section: how much traffic history is kept and how /metrics is protected.</summary>
public sealed class TrafficOptions
{
    public const string Section = "PortFwd:Traffic";

    /// <summary>Seconds of 1-second samples kept in memory per rule (the live graph shows the last 300).</summary>
    [Range(300, 3600)]
    public int LiveSeconds { get; set; } = 600;

    /// <summary>How long 1-minute rollups are kept in the database.</summary>
    [Range(1, 8760)]
    public int MinuteRetentionHours { get; set; } = 48;

    /// <summary>How long 1-hour rollups are kept in the database.</summary>
    [Range(1, 3650)]
    public int HourRetentionDays { get; set; } = 90;

    /// <summary>How often the current minute and hour are added to the database; at most this much is lost on a power cut.</summary>
    [Range(1, 60)]
    public int FlushSeconds { get; set; } = 5;

    /// <summary>How often rollups older than their retention are deleted.</summary>
    [Range(1, 1440)]
    public int PruneMinutes { get; set; } = 10;

    /// <summary>
    /// /metrics needs a signed-in user (cookie or <c>Authorization: Bearer</c> API token) like the rest of the panel.
    /// Set false to let anyone who can reach the panel scrape it.
    /// </summary>
    public bool MetricsRequireSignIn { get; set; } = true;
}
