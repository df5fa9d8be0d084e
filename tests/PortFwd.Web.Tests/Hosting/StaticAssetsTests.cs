using System.Net;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>The static assets live in the top-level wwwroot/ (no link inside the project) and the panel serves them from there.</summary>
public sealed class StaticAssetsTests
{
    [Theory]
    [InlineData("app.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task The_top_level_wwwroot_files_are_served(string file, string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var panel = new PanelFactory();
        using var client = panel.AnonymousClient();

        using var response = await client.GetAsync(new Uri("/" + file, UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root(), "wwwroot", file), ct), await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public void The_project_has_no_wwwroot_of_its_own() =>
        Assert.False(Path.Exists(Path.Combine(RepositoryFiles.Root(), "src", "PortFwd.Web", "wwwroot")), "src/PortFwd.Web/wwwroot must not exist: the project links the top-level wwwroot/ by MSBuild.");
}
