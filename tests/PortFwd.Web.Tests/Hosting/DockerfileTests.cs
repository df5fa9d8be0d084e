using System.Text.RegularExpressions;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>
/// The Dockerfile's build stage, read as text (no Docker engine runs here): the restore layer is made from the project
/// files alone, so every project the panel references must be copied in before it, or the image does not build.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepositoryFiles.PathOf("Dockerfile"));

    [Fact]
    public void Every_project_the_panel_references_is_copied_before_the_restore()
    {
        var restore = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "the Dockerfile restores in a layer of its own");
        var copied = Lines[..restore]
            .Select(l => CopyOfProject().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["path"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProjectsReachedFrom("src/PortFwd.Web/PortFwd.Web.csproj");

        Assert.Contains("src/PortFwd.Import/PortFwd.Import.csproj", needed);
        Assert.Empty(needed.Except(copied, StringComparer.Ordinal));
        Assert.Contains("Directory.Packages.props", Lines[..restore].Single(l => l.StartsWith("COPY Directory", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_is_built_ReadyToRun_for_its_own_architecture()
    {
        var text = string.Join('\n', Lines);

        Assert.Contains("ARG TARGETARCH", text, StringComparison.Ordinal);
        Assert.Matches(@"RUN dotnet restore [^\n]*-a \$TARGETARCH[^\n]*-p:PublishReadyToRun=true", text);
        Assert.Matches(@"RUN dotnet publish [^\n]*-a \$TARGETARCH[^\n]*--no-restore", text);
        Assert.Contains("-p:PublishReadyToRun=true -p:DebugType=none", text, StringComparison.Ordinal);
    }

    /// <summary>The project itself and every project it references, directly or not, as paths from the repository root.</summary>
    private static HashSet<string> ProjectsReachedFrom(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(next)!;
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(RepositoryFiles.PathOf(next))))
            {
                var full = Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf(folder), reference.Groups["path"].Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryFiles.PathOf(), full).Replace('\\', '/'));
            }
        }

        return found;
    }

    [GeneratedRegex(@"^COPY (?<path>src/[^ ]+\.csproj) ")]
    private static partial Regex CopyOfProject();

    [GeneratedRegex(@"<ProjectReference Include=""(?<path>[^""]+)""")]
    private static partial Regex ProjectReference();
}
