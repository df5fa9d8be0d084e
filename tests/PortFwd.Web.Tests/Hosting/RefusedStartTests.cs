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
            var (exitCode, output, error) = await PanelProcess.RunAsync(dataDirectory, [argument], input: null, ct);

            Assert.NotEqual(0, exitCode);
            Assert.Equal(expected, error.Trim());
            Assert.Equal("", output.Trim());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
