using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace PortFwd.Web.E2E.Accounts;

/// <summary>Two-factor sign-in as a person sets it up: the Account page's key into an authenticator (Otp.NET here), then password and code.</summary>
public sealed class TwoFactorSignInTests(ChromiumFixture chromium) : PanelPageTest(chromium)
{
    [Fact]
    public async Task Enrolling_on_the_Account_page_then_signing_in_asks_for_the_code_after_the_password()
    {
        await Browser.SignInAsync("/account");
        await Page.ClickAsync("#enrol-two-factor");

        // The QR code is a data: image, so it draws under the panel's Content-Security-Policy.
        await Expect(Page.Locator("#totp-qr")).ToBeVisibleAsync();
        Assert.True(await Page.Locator("#totp-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        var key = (await Page.Locator("#totp-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        var authenticator = new Totp(Base32Encoding.ToBytes(key));
        await Page.FillAsync("#enrol-code", authenticator.ComputeTotp(DateTime.UtcNow));
        await Page.ClickAsync("#confirm-two-factor");
        await Expect(Page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await Browser.ScreenshotAsync("account-recovery-codes");

        await Page.ClickAsync("#sign-out");
        await Expect(Page).ToHaveURLAsync(new Regex("/login$"));
        await Page.GetByLabel("Username").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(PanelServer.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/login/code$"));

        // The code the enrolment used is spent; the next step's is within the one-step allowance.
        await Page.FillAsync("#code", authenticator.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await Page.ClickAsync("#verify-code");

        await Expect(Page).ToHaveURLAsync(new Regex("/$"));
        await Expect(Page.Locator("#signed-in-user")).ToHaveTextAsync("admin");
        Assert.Empty(Browser.ConsoleErrors);
    }
}
