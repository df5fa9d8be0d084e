using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using PortFwd.Core.Rules;
using PortFwd.Data;
using PortFwd.Web.Accounts;
using PortFwd.Web.Accounts.Tokens;
using PortFwd.Web.Accounts.Sessions;
using PortFwd.Web.Audit;
using PortFwd.Web.Backup;
using PortFwd.Web.Blocklist;
using PortFwd.Web.Certificates;
using PortFwd.Web.Certificates.Acme;
using PortFwd.Web.Components;
using PortFwd.Web.Connections;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Forwarding;
using PortFwd.Web.Hosting;
using PortFwd.Web.Traffic;
using PortFwd.Web.Reachability;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Import;
using PortFwd.Web.Localization;
using PortFwd.Web.Rules;
using PortFwd.Web.Settings;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync();
}

// Before anything opens a socket: the runtime reads this switch once.
InlineSocketCompletions.EnableUnlessSet();

var builder = WebApplication.CreateBuilder(TwoFactorReset.HostArguments(AdminPasswordReset.HostArguments(args)));
// Serve the static assets from the build output too, not only from a publish folder.
builder.WebHost.UseStaticWebAssets();

// Secure by default: unless told otherwise (--urls, ASPNETCORE_URLS, "Urls" in appsettings.json), only this machine reaches the panel.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

// Settings: every options class is checked and parsed before anything uses it; a bad value ends the start with one line naming it.
if (StartChecks.ReadPanelOptions(builder.Configuration, Console.Error) is not { } options)
{
    return StartChecks.ExitCode;
}

var dataDirectory = PrivateDirectory.Create(options.ResolvedDataDirectory);
// The panel over HTTPS too (PortFwd:Panel:Https), with its own certificate: nothing more listens unless a port is set.
if (!PanelHttps.Configure(builder, dataDirectory, Console.Error))
{
    return StartChecks.ExitCode;
}

// Settings saved on the panel's Settings page override every other source, and follow each save without a restart.
builder.Configuration.AddPanelSettings(dataDirectory);

builder.Services.AddPortFwdSettings();
builder.Services.AddPortFwdPanelSettings();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortFwdSystemd();
builder.Services.AddHostedService<DatabaseMigrator>();
builder.Services.AddPortFwdData(dataDirectory);
builder.Services.AddSingleton<IRuleChangeSignal, RuleChangeSignal>();
builder.Services.AddSingleton<RuleListFeed>();
builder.Services.AddSingleton<IHostNameResolver, SystemHostNameResolver>();
builder.Services.AddSingleton<PanelPorts>();
builder.Services.AddDataProtection().SetApplicationName("PortFwd")
    .PersistKeysToFileSystem(new DirectoryInfo(PrivateDirectory.Create(Path.Combine(dataDirectory, "keys"))));
builder.Services.AddPortFwdAccounts();
builder.Services.AddPortFwdAudit();
// The blocklist is in force before the reconciler opens the first port (hosted services start in this order).
builder.Services.AddPortFwdBlocklist();
builder.Services.AddPortFwdForwarding();
builder.Services.AddPortFwdAcme();
builder.Services.AddPortFwdTraffic();
builder.Services.AddPortFwdConnections();
builder.Services.AddPortFwdRouter();
builder.Services.AddPortFwdDynamicDns();
builder.Services.AddPortFwdReachability();
builder.Services.AddPortFwdImport();
builder.Services.AddPortFwdBackup();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddPortFwdApi();
builder.Services.AddPanelCookieRules();
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
builder.Services.AddPortFwdLocalization();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
if (!StartChecks.Validate(app.Services, Console.Error))
{
    return StartChecks.ExitCode;
}

// The locked-out owner's way back in (README, "Locked out?"): set the password and exit before anything listens.
if (AdminPasswordReset.IsRequested(args))
{
    return await AdminPasswordReset.RunAsync(app.Services, Console.In, Console.Out, Console.Error, fromTerminal: !Console.IsInputRedirected, CancellationToken.None);
}

if (TwoFactorReset.IsRequested(args))
{
    return await TwoFactorReset.RunAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UsePanelHttps();

// The API answers every error as problem+json, in every environment: thrown ones and bare status codes (401, 404, 405…).
app.UseWhen(ApiExceptionHandler.IsApi, api => api.UseExceptionHandler().UseStatusCodePages());

// Pages get a friendly "not found" page; the API keeps its problem details.
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true).Use(async (context, next) =>
    {
        // Only a missing page is "not found"; a refused form post (400) must not pretend to be one.
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
    }));
app.UseSecurityHeaders();
app.UsePanelLocalization();
app.UseFirstRunSetup();
app.UseAuthentication();
// From here on, every change a request makes is recorded as its user's, from its address.
app.UseAuditActor();
app.UseAuthorization();
// After sign-in, so a caller without credentials hears 401 whatever it sends.
app.UseApiBodyLimit();
app.UseSignInFloodLimit();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapCultureSwitch();
app.MapAccountEndpoints();
app.MapTokenEndpoints();
app.MapSessionEndpoints();
app.MapRuleEndpoints();
app.MapTrafficEndpoints();
app.MapConnectionEndpoints();
app.MapRouterEndpoints();
app.MapPublicAddressEndpoints();
app.MapDdnsEndpoints();
app.MapCertificateEndpoints();
app.MapReachabilityEndpoints();
app.MapBlocklistEndpoints();
app.MapImportEndpoints();
app.MapSettingsEndpoints();
app.MapBackupEndpoints();
app.MapAuditEndpoints();
app.MapApiDocs();
app.Map("/api/{**rest}", () => TypedResults.Problem(title: "Not found", detail: "There is no such API call.", statusCode: StatusCodes.Status404NotFound))
    .ExcludeFromDescription();
// The panel's own policy (SecurityHeaders) already says frame-ancestors 'none'; a second header from Blazor would only muddle it.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();
return 0;
