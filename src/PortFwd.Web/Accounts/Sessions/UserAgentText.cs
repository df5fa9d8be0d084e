using PortFwd.Core.Rules.Validation;

namespace PortFwd.Web.Accounts.Sessions;

/// <summary>A User-Agent header in words a person recognises: "Firefox on Linux", "Safari on iPhone", "curl".</summary>
public static class UserAgentText
{
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux, iOS also says Mac OS X.
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("Vivaldi/", "Vivaldi"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
        ("Safari/", "Safari"), ("curl/", "curl"), ("Wget/", "Wget"), ("python-requests/", "Python"), ("PowerShell/", "PowerShell"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"), ("FreeBSD", "FreeBSD"),
    ];

    /// <summary>Browser and system, as far as the header says; "Unknown browser" for none.</summary>
    public static string Describe(string? userAgent) => DescribeMessage(userAgent).Text;

    /// <summary><see cref="Describe"/> with its code, so the panel can say "on" and "Unknown browser" in the person's language.</summary>
    public static ValidationMessage DescribeMessage(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return AccountMessages.UnknownBrowser.With();
        }

        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            (null, null) => AccountMessages.UnknownBrowser.With(),
            (null, { } os) => AccountMessages.BrowserOn.With(os),
            ({ } name, null) => ValidationMessage.Plain(name),
            ({ } name, { } os) => AccountMessages.NamedBrowserOn.With(name, os),
        };
    }

    private static string? Find((string Token, string Name)[] table, string userAgent)
    {
        foreach (var (token, name) in table)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }
}
