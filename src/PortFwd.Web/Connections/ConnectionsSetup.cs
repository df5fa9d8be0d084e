namespace PortFwd.Web.Connections;

/// <summary>Registers who-is-connected (the relay's live connections and refused attempts; mapped by <see cref="ConnectionEndpoints"/>).</summary>
internal static class ConnectionsSetup
{
    public static IServiceCollection AddPortFwdConnections(this IServiceCollection services)
    {
        services.AddSingleton<RuleConnections>();
        return services;
    }
}
