namespace PortFwd.Testing;

/// <summary>Files of the repository the tests run from (the product's own wwwroot, the systemd unit), found from the test's output folder.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root folder: the one holding PortFwd.Web.sln.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PortFwd.Web.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PortFwd.Web.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A path inside the repository, from its parts (<c>"build", "package", "portfwd.service"</c>).</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root(), .. parts]);
}
