using PortFwd.Testing.Acme;

namespace PortFwd.Acme.Tests.Pebble;

public sealed class PebbleServerTests
{
    [Fact]
    public void Without_pebble_the_tests_are_skipped_with_how_to_install_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Pebble runs on Linux only.");
        var empty = Directory.CreateTempSubdirectory("portfwd-no-pebble-");
        try
        {
            Assert.Equal("pebble and pebble-challtestsrv not installed (apt-get install pebble).", PebbleServer.Unavailable(empty.FullName));
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public async Task Pebble_answers_on_loopback_with_a_TLS_certificate_the_fixture_trusts_and_stops_with_the_fixture()
    {
        var pebble = await PebbleServer.StartAsync(PebbleSettings.Default, TestContext.Current.CancellationToken);
        var port = pebble.AcmePort;
        try
        {
            using var http = pebble.CreateHttpClient();
            var directory = await http.GetStringAsync(pebble.DirectoryUrl, TestContext.Current.CancellationToken);
            Assert.Contains("\"newOrder\"", directory, StringComparison.Ordinal);
            Assert.Contains("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(pebble.TlsCertificatePath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await pebble.DisposeAsync();
        }

        await LoopbackPorts.WaitUntilAsync(port, accepting: false, TestContext.Current.CancellationToken);
    }
}
