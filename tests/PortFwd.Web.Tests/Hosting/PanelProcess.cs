using System.Diagnostics;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The built panel (<c>dotnet PortFwd.Web.dll</c>) run as its own process on a data folder, for what it does before serving.</summary>
public static class PanelProcess
{
    /// <summary>Runs the panel with <paramref name="arguments"/> on a fresh data folder (with the admin account when <paramref name="withAccount"/>), then deletes it.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunOnNewPanelAsync(bool withAccount, IEnumerable<string> arguments, string? input,
        CancellationToken ct)
    {
        var dataDirectory = Api.PanelFactory.NewDataDirectory();
        try
        {
            if (withAccount)
            {
                await using var panel = new Api.PanelFactory(dataDirectory);
                _ = panel.Server;
            }

            Api.PanelFactory.ReleaseDatabase(dataDirectory);
            return await RunAsync(dataDirectory, arguments, input, ct);
        }
        finally
        {
            Api.PanelFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    /// <summary>Runs the panel with <paramref name="arguments"/> and <paramref name="input"/> piped to it; fails the test when it has not ended within three minutes (a hang, not a slow machine).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dataDirectory, IEnumerable<string> arguments, string? input,
        CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortFwd.Web.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["PortFwd__DataDirectory"] = dataDirectory;
        info.Environment["PortFwd__Router__Enabled"] = "false";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the panel process.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(180));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The panel started (or hung) instead of ending:\n" + await output);
        }

        return (process.ExitCode, await output, await error);
    }
}
