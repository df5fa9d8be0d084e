using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PortFwd.Web.Hosting;

/// <summary>
/// Settings checks that end the start before anything listens: each bad value is one line on standard error
/// naming the key and what is allowed, no stack trace, and the process exits with <see cref="ExitCode"/>.
/// </summary>
internal static class StartChecks
{
    /// <summary>The exit code of a start refused for bad settings.</summary>
    public const int ExitCode = 2;

    /// <summary>
    /// Binds and checks the <c>PortFwd</c> section, which the start needs before the host is built (the data
    /// directory); null when it is wrong, after the reasons were written to <paramref name="error"/>.
    /// </summary>
    public static PortFwdOptions? ReadPanelOptions(IConfiguration configuration, TextWriter error) =>
        Read<PortFwdOptions>(configuration, PortFwdOptions.Section, error);

    /// <summary>Binds and checks one section the start needs before the host is built; null when it is wrong, after the reasons were written to <paramref name="error"/>.</summary>
    public static TOptions? Read<TOptions>(IConfiguration configuration, string section, TextWriter error)
        where TOptions : class, new()
    {
        TOptions? options = null;
        return Run(() =>
        {
            options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
            var result = new SettingsValidator<TOptions>(section).Validate(null, options);
            if (result.Failed)
            {
                throw new OptionsValidationException(section, typeof(TOptions), result.Failures);
            }
        }, error) ? options : null;
    }

    /// <summary>Runs every check registered with <c>ValidateOnStart</c>; false when one failed, after the reasons were written to <paramref name="error"/>.</summary>
    public static bool Validate(IServiceProvider services, TextWriter error)
    {
        var validator = services.GetService<IStartupValidator>();
        return validator is null || Run(validator.Validate, error);
    }

    private static bool Run(Action check, TextWriter error)
    {
        try
        {
            check();
            return true;
        }
        catch (Exception ex) when (Lines(ex) is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                error.WriteLine(line);
            }

            return false;
        }
    }

    /// <summary>The sentences of a settings failure; empty for any other exception, which keeps its stack trace.</summary>
    private static List<string> Lines(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException many when many.InnerExceptions.All(e => Lines(e).Count > 0) => [.. many.InnerExceptions.SelectMany(Lines)],
        // The binder names the key and the value it could not convert ("abc" for a number, say).
        InvalidOperationException binding when binding.TargetSite?.DeclaringType == typeof(ConfigurationBinder) => [binding.Message],
        _ => [],
    };
}
