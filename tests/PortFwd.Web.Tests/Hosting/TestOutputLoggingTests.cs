using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortFwd.Testing.Logging;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The app's log lines end up beside the test that caused them (PortFwd.Testing's logger).</summary>
public sealed class TestOutputLoggingTests
{
    private static string Output => TestContext.Current.TestOutputHelper!.Output;

    [Fact]
    public void A_logger_writes_to_the_running_tests_output_from_its_minimum_level_up()
    {
        var logger = TestOutputLogger.For<TestOutputLoggingTests>(LogLevel.Warning);

        logger.LogWarning("the relay could not open port {Port}", 8080);
        logger.LogInformation("a line below the minimum");

        Assert.Contains("warn PortFwd.Web.Tests.Hosting.TestOutputLoggingTests[0] the relay could not open port 8080", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("below the minimum", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_to_a_panel_built_outside_the_test_logs_its_warnings_into_the_calling_tests_output()
    {
        await using var panel = new PanelFactory().WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, LoggingProbe>()));
        // Built with no test's context, as a class fixture builds the panel its tests share.
        Task<TestServer> built;
        using (ExecutionContext.SuppressFlow())
        {
            built = Task.Run(() => panel.Server, TestContext.Current.CancellationToken);
        }

        await built;

        using var client = panel.CreateClient();
        using var response = await client.GetAsync(LoggingProbe.Path, TestContext.Current.CancellationToken);

        Assert.Contains("warn PortFwd.Web.Probe[0] a warning of the panel", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("an information of the panel", Output, StringComparison.Ordinal);
    }

    /// <summary>A page that logs one warning and one information line.</summary>
    private sealed class LoggingProbe : IStartupFilter
    {
        public const string Path = "/test-logging-probe";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, probe => probe.Run(context =>
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PortFwd.Web.Probe");
                logger.LogWarning("a warning of the panel");
                logger.LogInformation("an information of the panel");
                return Task.CompletedTask;
            }));
            next(app);
        };
    }

    [Fact]
    public async Task A_line_logged_outside_any_test_is_dropped_without_an_error()
    {
        var logger = TestOutputLogger.For<TestOutputLoggingTests>();
        var loggedElsewhere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Without the test's context and outside any test: nowhere to write, and logging must not throw.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() =>
            {
                new TestOutputLogger("elsewhere").LogWarning("no test here");
                loggedElsewhere.SetResult();
            }, TestContext.Current.CancellationToken);
        }

        await loggedElsewhere.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        logger.LogInformation("still here");

        Assert.DoesNotContain("no test here", Output, StringComparison.Ordinal);
        Assert.Contains("still here", Output, StringComparison.Ordinal);
    }
}
