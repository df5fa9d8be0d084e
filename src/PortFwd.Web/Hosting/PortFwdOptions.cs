using System.ComponentModel.DataAnnotations;

namespace PortFwd.Web.Hosting;

/// <summary>The <c>PortFwd</c> section of appsettings.json.</summary>
public sealed class PortFwdOptions
{
    public const string Section = "PortFwd";

    /// <summary>Holds portfwd.db and the Data Protection keys. Relative paths are from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>When set and no account exists yet, the account "admin" is created with it on start.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Default address rules listen on; empty means all addresses.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>How often every saved rule is applied again, so a rule that failed (port in use) heals.</summary>
    [Range(1, 3600)]
    public int ResyncSeconds { get; set; } = 30;

    public RouterOptions Router { get; set; } = new();

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);
}

/// <summary>The <c>PortFwd:Router</c> section: the home router client.</summary>
public sealed class RouterOptions
{
    public bool Enabled { get; set; } = true;

    public string? LocalAddress { get; set; }

    public string? Gateway { get; set; }

    public string? DescriptionUrl { get; set; }

    [Range(120, 604800)]
    public int LeaseSeconds { get; set; } = 3600;

    [Range(1, 86400)]
    public int ResyncSeconds { get; set; } = 60;
}
