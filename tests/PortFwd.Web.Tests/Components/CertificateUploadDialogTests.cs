using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using PortFwd.Data;
using PortFwd.Data.Certificates;
using PortFwd.Web.Certificates;
using PortFwd.Web.Components.Certificates;
using PortFwd.Web.Hosting;
using PortFwd.Web.Tests.Certificates;

namespace PortFwd.Web.Tests.Components;

/// <summary>The certificate upload dialog on a real SQLite file: a mistake shows under its field and stores nothing; a good PEM is stored.</summary>
public sealed class CertificateUploadDialogTests() : MudDatabaseTestContext("portfwd-upload-dialog-", AddCertificateServices)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    /// <summary>The certificate store and service over a SQLite file in <paramref name="dataDirectory"/>.</summary>
    internal static void AddCertificateServices(IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPortFwdSettings();
        services.AddPortFwdData(dataDirectory);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<PortFwd.Core.Rules.IRuleChangeSignal, PortFwd.Core.Rules.RuleChangeSignal>();
        services.AddSingleton<CertificateKeys>();
        services.AddSingleton<CertificateService>();
    }

    [Fact]
    public async Task A_pem_without_its_key_is_refused_under_the_pem_field_and_a_whole_one_is_stored()
    {
        var provider = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<CertificateUploadDialog>("Upload"));
        using var root = TestCertificates.Authority("Dialog Root");
        using var leaf = TestCertificates.Server(["dialog.test"], root);

        await provider.WaitForElement("#certificate-pem").InputAsync(leaf.ExportCertificatePem());
        await provider.Find("#certificate-upload").ClickAsync();

        provider.WaitForAssertion(() => Assert.Contains("holds no private key", provider.Markup, StringComparison.Ordinal), Within);
        Assert.Empty(await Services.GetRequiredService<CertificateStore>().GetAllAsync(Ct));

        await provider.Find("#certificate-pem").InputAsync(TestCertificates.Pem(leaf, root));
        await provider.Find("#certificate-upload").ClickAsync();

        var result = await dialog!.Result.WaitAsync(Within, Ct);
        Assert.False(result!.Canceled);
        var stored = Assert.Single(await Services.GetRequiredService<CertificateStore>().GetAllAsync(Ct));
        Assert.Equal(stored.Id, result.Data);
        Assert.Equal(["dialog.test"], stored.Names);
    }
}
