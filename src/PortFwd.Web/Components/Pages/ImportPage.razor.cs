using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import;
using PortFwd.Web.Import;
using PortFwd.Web.Localization;

namespace PortFwd.Web.Components.Pages;

/// <summary>
/// The Import page: a format, a text (pasted or read from a file), a preview of the rules it gives and the lines in the way,
/// and Import, which is possible only while the shown preview is of the text as it is and has no problems.
/// </summary>
public partial class ImportPage
{
    /// <summary>As much as the API takes; a configuration file is a few KiB.</summary>
    internal const long MaxFileBytes = ImportEndpoints.MaxBodyBytes;

    private ImportFormat _format = ImportFormat.Rinetd;
    private string? _text;
    private string? _fileName;
    private string? _fileError;
    private ImportPlan? _plan;
    private ImportPlan? _imported;
    private bool _busy;

    [Inject]
    public required RuleImport RuleImport { get; init; }

    private string Rules(int count) => count == 1 ? L["Import.OneRule"] : L["Import.Rules", count];

    private string Blocked(int lines) => lines == 1 ? L["Import.BlockedOne"] : L["Import.Blocked", lines];

    private string Ready(int rules) => L["Import.Ready", Rules(rules)];

    /// <summary>The format's label in the page's language; the English one (also the API's) when it has no translation.</summary>
    private string FormatLabel(ImportFormat format) =>
        L[$"Import.Format.{format}"] is { ResourceNotFound: false } label ? label : ImportFormatText.Label(format);

    private string ListenText(ForwardingRule rule) =>
        rule.ListenAddress is { } address ? L["Import.ListenOn", rule.ExternalPorts, address] : rule.ExternalPorts.ToString();

    private static string Example(ImportFormat format) => format switch
    {
        ImportFormat.Rinetd => "0.0.0.0 8080 192.168.1.20 80",
        ImportFormat.Frpc => "[[proxies]]\nname = \"ssh\"\ntype = \"tcp\"\nlocalIP = \"192.168.1.20\"\nlocalPort = 22\nremotePort = 6000",
        ImportFormat.Iptables => "-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.20:80",
        _ => "tcp dport 8080 dnat ip to 192.168.1.20:80",
    };

    /// <summary>The new rules' descriptions are written in the page's language: they are the user's text once saved.</summary>
    private string InPageLanguage(ValidationMessage text) => ImportText.Localize(text, text.Text, L);

    /// <summary>A preview belongs to the text and format it was made of: any change asks for a new one.</summary>
    private void Changed()
    {
        _plan = null;
        _imported = null;
    }

    private void FormatChanged(ImportFormat format)
    {
        _format = format;
        Changed();
    }

    private void TextChanged(string? text)
    {
        _text = text;
        _fileName = null;
        Changed();
    }

    private async Task ReadFileAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _fileError = null;
        if (file.Size > MaxFileBytes)
        {
            _fileError = L["Import.FileTooBig", file.Name, file.Size.ToString("N0", CultureInfo.CurrentCulture)];
            return;
        }

        await using var stream = file.OpenReadStream(MaxFileBytes, Aborted);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        _text = await reader.ReadToEndAsync(Aborted);
        _fileName = file.Name;
        Changed();
    }

    private async Task PreviewAsync()
    {
        _busy = true;
        try
        {
            _imported = null;
            _plan = await RuleImport.PreviewAsync(_format, _text, InPageLanguage, Aborted);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ImportAsync()
    {
        _busy = true;
        try
        {
            var plan = await RuleImport.ApplyAsync(_format, _text, InPageLanguage, Aborted);
            if (plan.Imported)
            {
                // Done: the text is in the panel now, and importing it twice would only clash with itself.
                _imported = plan;
                _plan = null;
                _text = null;
                _fileName = null;
            }
            else
            {
                // Something changed since the preview (a rule saved meanwhile took a port): show what is in the way now.
                _plan = plan;
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
