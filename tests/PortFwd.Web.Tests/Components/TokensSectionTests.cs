using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PortFwd.Data;
using PortFwd.Data.Accounts;
using PortFwd.Data.Audit;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.Tokens;
using PortFwd.Web.Components.Account;

namespace PortFwd.Web.Tests.Components;

/// <summary>The Account page's API tokens over a real SQLite file: made with the secret shown once, refused names, revoked after a confirmation, and made or revoked elsewhere shown live.</summary>
public sealed class TokensSectionTests : MudDatabaseTestContext
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    public TokensSectionTests()
        : base("portfwd-tokens-section-", (services, dataDirectory) => services.AddPortFwdData(dataDirectory).AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IPasswordHasher<AdminAccount>, PasswordHasher<AdminAccount>>()
            .AddSingleton<SecurityStamps>()
            .AddSingleton<AccountService>()
            .AddSingleton<ApiTokens>())
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "1"));
    }

    private ApiTokens Tokens => Services.GetRequiredService<ApiTokens>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var created = await Services.GetRequiredService<AccountService>().CreateFirstAccountAsync("admin", "test-Passw0rd!", Ct);
        Assert.Equal(1, created.Value?.Id);
    }

    [Fact]
    public async Task A_new_token_is_read_only_unless_changed_its_secret_shown_once_and_it_is_listed()
    {
        var section = Render<TokensSection>();
        section.WaitForElement("#no-tokens");

        section.Find("#token-name").Input("grafana");
        await section.Find("#create-token").ClickAsync(new());

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#new-token-secret")), Within);
        var secret = section.Find("#new-token-secret").TextContent.Trim();
        var signedIn = await Tokens.AuthenticateAsync(secret, Ct);
        Assert.Equal(("grafana", ApiTokenScope.Read), (signedIn?.Token.Name, signedIn?.Token.Scope));
        var row = section.Find("#token-list tr.token-row");
        Assert.Equal(("grafana", "read"), (row.QuerySelector(".token-name")!.TextContent, row.QuerySelector(".token-scope")!.TextContent));

        section.Find("#token-copied").Click();
        Assert.DoesNotContain(secret, section.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_or_taken_name_is_refused_on_the_field_and_makes_no_token()
    {
        await Tokens.IssueAsync(1, new TokenDraft("backup", ApiTokenScope.Admin, 30), null, Ct);
        var section = Render<TokensSection>();
        section.WaitForElement("#token-list");

        await section.Find("#create-token").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Contains("Give the token a name", section.Markup, StringComparison.Ordinal), Within);
        section.Find("#token-name").Input("BACKUP");
        await section.Find("#create-token").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Contains("You already have a token named", section.Markup, StringComparison.Ordinal), Within);

        Assert.Empty(section.FindAll("#new-token-secret"));
        Assert.Single(await Tokens.ListAsync(1, Ct));
    }

    [Fact]
    public async Task A_token_made_or_revoked_elsewhere_shows_on_the_open_section_without_a_reload()
    {
        var section = Render<TokensSection>();
        section.WaitForElement("#no-tokens");

        // Another tab, or the API: through the service, not this section.
        var issued = (await Tokens.IssueAsync(1, new TokenDraft("backup script", ApiTokenScope.Read, 30), null, Ct)).Issued!;
        section.WaitForAssertion(() => Assert.Contains("backup script", section.Find("#token-list").TextContent, StringComparison.Ordinal), Within);

        Assert.True(await Tokens.RevokeAsync(1, issued.Token.Id, Ct));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#no-tokens")), Within);
    }

    [Fact]
    public async Task Revoke_asks_first_and_then_the_token_stops_working_and_leaves_the_list()
    {
        var issued = (await Tokens.IssueAsync(1, new TokenDraft("ci", ApiTokenScope.Admin, 30), null, Ct)).Issued!;
        var dialogs = Render<MudDialogProvider>();
        var section = Render<TokensSection>();
        section.WaitForElement("#token-list");

        // The click's handler waits for the answer to the question: the dialog is answered before the click is awaited.
        var first = section.Find(".revoke-token").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke \"ci\"?", dialogs.Markup, StringComparison.Ordinal), Within);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        await first.WaitAsync(Within, Ct);
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Revoke \"ci\"?", dialogs.Markup, StringComparison.Ordinal), Within);
        Assert.NotNull(await Tokens.AuthenticateAsync(issued.Secret, Ct));

        var second = section.Find(".revoke-token").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke \"ci\"?", dialogs.Markup, StringComparison.Ordinal), Within);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());
        await second.WaitAsync(Within, Ct);

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#no-tokens")), Within);
        Assert.Null(await Tokens.AuthenticateAsync(issued.Secret, Ct));
        var log = await Services.GetRequiredService<AuditStore>().ReadAsync(new AuditQuery(Action: AuditActions.TokenRevoke), Ct);
        Assert.Equal($"token {issued.Token.Id} \"ci\"", Assert.Single(log).Target);
    }
}
