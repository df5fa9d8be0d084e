using PortFwd.Web.Accounts.Sessions;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>The Account page names a browser by its User-Agent in a few words.</summary>
public sealed class UserAgentTextTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0", "Firefox on Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64)", "Browser on Linux")]
    [InlineData("something else", "Unknown browser")]
    [InlineData("", "Unknown browser")]
    [InlineData(null, "Unknown browser")]
    public void A_user_agent_is_shown_as_browser_and_system(string? userAgent, string expected) =>
        Assert.Equal(expected, UserAgentText.Describe(userAgent));
}
