using System.ComponentModel.DataAnnotations;

namespace PortFwd.Web.Audit;

/// <summary>The <c>PortFwd:Audit</c> section: how long the audit log keeps its entries.</summary>
public sealed class AuditOptions
{
    public const string Section = "PortFwd:Audit";

    /// <summary>Entries older than this many days are deleted.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 180;
}
