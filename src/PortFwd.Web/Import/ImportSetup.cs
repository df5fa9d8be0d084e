namespace PortFwd.Web.Import;

/// <summary>Registers rule import (mapped by <see cref="ImportEndpoints"/>, used by the Import page).</summary>
internal static class ImportSetup
{
    public static IServiceCollection AddPortFwdImport(this IServiceCollection services)
    {
        services.AddSingleton<RuleImport>();
        return services;
    }
}
