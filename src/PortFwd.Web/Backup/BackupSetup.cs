namespace PortFwd.Web.Backup;

/// <summary>Registers backup and restore (mapped by <see cref="BackupEndpoints"/>, used by the System page) and the nightly database copies.</summary>
internal static class BackupSetup
{
    public static IServiceCollection AddPortFwdBackup(this IServiceCollection services)
    {
        services.AddSingleton<ConfigurationBackup>();
        services.AddSingleton<ConfigurationRestore>();
        services.AddSingleton<DatabaseCopies>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseCopies>());
        return services;
    }
}
