using System.ComponentModel.DataAnnotations;

namespace PortFwd.Web.Accounts.Sessions;

/// <summary>The <c>PortFwd:Accounts</c> section: how long a browser stays signed in.</summary>
public sealed class PanelSessionOptions
{
    public const string Section = "PortFwd:Accounts";

    /// <summary>A sign-in ends this many days after it began, however busy the browser is; then it signs in again.</summary>
    [Range(1, 365)]
    public int SessionLifetimeDays { get; set; } = 7;

    /// <summary>A sign-in ends after this many hours without a request or an open page; 0 means only the lifetime counts.</summary>
    [Range(0, 8760)]
    public int SessionIdleHours { get; set; } = 24;

    public TimeSpan Lifetime => TimeSpan.FromDays(SessionLifetimeDays);

    /// <summary>Null when there is no idle limit.</summary>
    public TimeSpan? Idle => SessionIdleHours == 0 ? null : TimeSpan.FromHours(SessionIdleHours);
}
