using System.ComponentModel.DataAnnotations;
using PortFwd.Core.Rules.Validation;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.DynamicDns;

/// <summary>The <c>PortFwd:DynamicDns</c> section: how the panel introduces itself to Dynamic DNS providers.</summary>
public sealed class DdnsOptions : IParsedSettings
{
    public const string Section = "PortFwd:DynamicDns";

    /// <summary>
    /// Who runs this panel, in the User-Agent (<c>PortFwd/1.2.0 you@example.net</c>): No-IP asks every client for a
    /// contact and blocks clients that send none. Best set to the owner's e-mail.
    /// </summary>
    [Required]
    public string Contact { get; set; } = "portfwd@localhost";

    /// <summary>How long one request to a provider may take before it counts as failed (and is retried later).</summary>
    [Range(5, 120)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The User-Agent sent to every provider.</summary>
    public string UserAgent => $"PortFwd/{PanelVersion.Text} {Contact.Trim()}";

    void IParsedSettings.Parse(string section, ICollection<ValidationMessage> problems)
    {
        if (Contact.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || !char.IsAscii(c)) || Contact.Length > 100)
        {
            problems.Add(ValidationMessage.Plain($"{section}:{nameof(Contact)} is '{Contact}'; it must be one word of at most 100 characters, such as an e-mail address."));
        }
    }
}
