using System.Diagnostics;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The built panel, started as its own process with a bad setting, ends at once with one line and no stack trace.</summary>
public sealed class RefusedStartTests
{
    [Theory]
    [InlineData("--PortFwd:Router:ResyncSeconds=0", "PortFwd:Router:ResyncSeconds is 0; it must be from 1 to 86400.")]
    [InlineData("--PortFwd:ListenAddress=192.168.1.300",
        "PortFwd:ListenAddress is '192.168.1.300'; it must be an IP address of this machine (such as 0.0.0.0, :: or 192.168.1.10), or empty for every address.")]
    public async Task The_panel_exits_non_zero_printing_one_line_naming_the_key(string argument, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Directory.CreateTempSubdirectory("portfwd-refused-start-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortFwd.Web.dll"));
            info.ArgumentList.Add(argument);
            info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["PortFwd__DataDirectory"] = dataDirectory;
            info.Environment["PortFwd__Router__Enabled"] = "false";

            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the panel process.");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The panel started (or hung) instead of refusing the setting:\n" + await output);
            }

            Assert.NotEqual(0, process.ExitCode);
            Assert.Equal(expected, (await error).Trim());
            Assert.Equal("", (await output).Trim());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
