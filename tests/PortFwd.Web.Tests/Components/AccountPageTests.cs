using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Components.Pages;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Components;

/// <summary>The Account page over a real SQLite file: enrol two-factor sign-in from the QR code's key, recovery codes once, turn it off.</summary>
public sealed class AccountPageTests : MudDatabaseTestContext
{
    private const string Password = "test-Passw0rd!";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;
    private int _accountId;

    public AccountPageTests()
        : base("portfwd-account-page-", AddPageServices)
    {
        Services.AddSingleton<TimeProvider>(_clock);
        // The first account of a fresh database has id 1 (checked once it is created).
        _auth = AddAuthorization();
        _auth.SetAuthorized("admin");
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"));
    }

    private static void AddPageServices(IServiceCollection services, string dataDirectory)
    {
        services.AddPortFwdData(dataDirectory);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IPasswordHasher<AdminAccount>, PasswordHasher<AdminAccount>>();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TwoFactorSecrets>();
        services.AddSingleton<TwoFactorService>();
        services.AddLogging().AddSingleton<PortFwd.Web.Accounts.Tokens.ApiTokens>();
        services.AddOptions<PortFwd.Web.Accounts.Sessions.PanelSessionOptions>();
        services.AddSingleton<PortFwd.Web.Accounts.Sessions.PanelSessions>();
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var created = await Services.GetRequiredService<AccountService>().CreateFirstAccountAsync("admin", Password, Ct);
        Assert.True(created.IsSuccess);
        _accountId = created.Value.Id;
        Assert.Equal(1, _accountId);
    }

    [Fact]
    public async Task Enrolling_shows_a_QR_image_and_key_and_a_right_code_turns_it_on_with_ten_recovery_codes_shown_once()
    {
        var page = Render<AccountPage>();
        page.WaitForElement("#enrol-two-factor").Click();

        var qr = page.Find("#totp-qr").GetAttribute("src");
        Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
        var secret = Base32Encoding.ToBytes(page.Find("#totp-key").TextContent.Replace(" ", "", StringComparison.Ordinal));
        page.Find("#enrol-code").Input(TotpCodes.Compute(secret, _clock.GetUtcNow()));
        await page.Find("#confirm-two-factor").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("#recovery-codes li").Count));
        Assert.True((await Services.GetRequiredService<TwoFactorService>().StatusAsync(_accountId, Ct)).IsEnabled);
        page.Find("#recovery-codes-saved").Click();
        Assert.Empty(page.FindAll("#recovery-codes"));
        Assert.Contains("10 recovery codes left", page.Find("#two-factor-state").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signed_in_browsers_are_listed_with_this_one_marked_and_sign_out_everywhere_else_leaves_only_it()
    {
        var sessions = Services.GetRequiredService<PortFwd.Web.Accounts.Sessions.PanelSessions>();
        var (mine, _) = await sessions.BeginAsync(_accountId, System.Net.IPAddress.Parse("192.0.2.10"),
            "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0", Ct);
        await sessions.BeginAsync(_accountId, System.Net.IPAddress.Parse("192.0.2.20"), "curl/8.5.0", Ct);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(PortFwd.Web.Accounts.Sessions.PanelSessions.ClaimType, mine));

        var page = Render<AccountPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#sessions-table tbody tr").Count));
        var current = page.Find("#sessions-table tbody tr[data-current='true']");
        Assert.Contains("Firefox on Linux", current.TextContent, StringComparison.Ordinal);
        Assert.Contains("This browser", current.TextContent, StringComparison.Ordinal);
        Assert.Contains("192.0.2.20", page.Find("#sessions-table tbody tr[data-current='false']").TextContent, StringComparison.Ordinal);

        await page.Find("#end-other-sessions").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("1 other browser is signed out.", page.Find("#sessions-message").TextContent));
        Assert.Equal("true", page.Find("#sessions-table tbody tr").GetAttribute("data-current"));
        var left = Assert.Single(await sessions.ListAsync(_accountId, null, Ct));
        Assert.Equal("192.0.2.10", left.ClientAddress);
    }

    [Fact]
    public async Task A_wrong_code_leaves_two_factor_sign_in_off_and_says_so()
    {
        var page = Render<AccountPage>();
        page.WaitForElement("#enrol-two-factor").Click();

        page.Find("#enrol-code").Input("000000");
        await page.Find("#confirm-two-factor").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith("That code is not right.", page.Find("#two-factor-error").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("#totp-key"));
        Assert.False((await Services.GetRequiredService<TwoFactorService>().StatusAsync(_accountId, Ct)).IsEnabled);
    }

    [Fact]
    public async Task Turning_it_off_on_the_page_needs_the_password_and_a_code()
    {
        var enrolment = TwoFactorService.Begin("admin");
        var twoFactor = Services.GetRequiredService<TwoFactorService>();
        Assert.True((await twoFactor.EnableAsync(_accountId, enrolment, TotpCodes.Compute(enrolment.Secret, _clock.GetUtcNow()), Ct)).IsSuccess);
        var page = Render<AccountPage>();

        page.WaitForElement("#disable-password").Input("wrong-password");
        page.Find("#disable-code").Input("000000");
        await page.Find("#disable-two-factor").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("The password is wrong.", page.Find("#two-factor-error").TextContent));

        _clock.Advance(TimeSpan.FromSeconds(30));
        page.Find("#disable-password").Input(Password);
        page.Find("#disable-code").Input(TotpCodes.Compute(enrolment.Secret, _clock.GetUtcNow()));
        await page.Find("#disable-two-factor").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#enrol-two-factor")));
        Assert.False((await twoFactor.StatusAsync(_accountId, Ct)).IsEnabled);
    }

    [Fact]
    public void The_change_password_form_is_a_plain_post_to_the_endpoint_and_shows_its_error()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("passwordError", "Account.CurrentPasswordWrong"));
        var page = Render<AccountPage>();

        var form = page.WaitForElement("form[action='account/password']");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(["currentPassword", "newPassword", "confirmPassword"], form.QuerySelectorAll("input[type=password]").Select(i => i.GetAttribute("name")));
        Assert.Equal("The current password is wrong.", page.Find("#password-error").TextContent.Trim());
    }

    [Fact]
    public async Task In_Spanish_a_wrong_code_when_turning_it_off_says_so_in_Spanish()
    {
        var enrolment = TwoFactorService.Begin("admin");
        var twoFactor = Services.GetRequiredService<TwoFactorService>();
        Assert.True((await twoFactor.EnableAsync(_accountId, enrolment, TotpCodes.Compute(enrolment.Secret, _clock.GetUtcNow()), Ct)).IsSuccess);
        var page = InLanguage.Spanish(() => Render<AccountPage>());

        page.WaitForElement("#disable-password").Input(Password);
        page.Find("#disable-code").Input("000000");
        await page.Find("#disable-two-factor").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("El código no es correcto.", page.Find("#two-factor-error").TextContent));
        Assert.True((await twoFactor.StatusAsync(_accountId, Ct)).IsEnabled);
        // The service itself still answers in English (what the API and the command line say).
        Assert.Equal("The code is wrong.", (await twoFactor.DisableAsync(_accountId, Password, "000000", Ct)).Error);
    }

    [Fact]
    public void In_Spanish_the_password_change_error_reads_in_Spanish()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("passwordError", "Account.CurrentPasswordWrong"));

        var page = InLanguage.Spanish(() => Render<AccountPage>());

        Assert.Equal("La contraseña actual no es correcta.", page.WaitForElement("#password-error").TextContent.Trim());
    }

    [Theory]
    [InlineData("Call this number")]
    [InlineData("The current password is wrong.")]
    [InlineData("Account.WrongPassword")]
    public void Text_that_is_not_a_password_answers_code_is_not_shown(string query)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("passwordError", query));

        var page = Render<AccountPage>();

        page.WaitForElement("form[action='account/password']");
        Assert.Empty(page.FindAll("#password-error"));
        Assert.DoesNotContain(query, page.Markup, StringComparison.Ordinal);
    }
}
