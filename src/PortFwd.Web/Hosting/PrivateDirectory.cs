namespace PortFwd.Web.Hosting;

/// <summary>Folders that hold the database and keys are readable by the service's own user only.</summary>
internal static class PrivateDirectory
{
    public static string Create(string path)
    {
        var directory = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return directory.FullName;
    }
}
