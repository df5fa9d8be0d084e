using System.Diagnostics;

namespace PortFwd.Web.Tests.Hosting;

/// <summary>
/// A small tmpfs mounted on a temp directory (needs root), which a test fills to the last byte and frees
/// again, to see what the panel does on a full data disk. Unmounted on dispose.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private const string FillerName = "filler.bin";

    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>The mounted disk, or null with the reason it could not be mounted.</summary>
    public static SmallDisk? TryMount(int megabytes, out string whyNot)
    {
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "mounting a tmpfs needs Linux.";
            return null;
        }

        if (!IsRoot())
        {
            whyNot = "mounting a tmpfs needs root; run the tests as root to check a full data disk.";
            return null;
        }

        var path = Directory.CreateTempSubdirectory("portfwd-small-disk-").FullName;
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "portfwd-test", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            whyNot = $"mount -t tmpfs failed ({exitCode}): {output}";
            return null;
        }

        whyNot = "";
        return new SmallDisk(path);
    }

    /// <summary>Writes zeros until the disk refuses another byte.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var chunk = new byte[64 * 1024];
        // Big writes first, then single bytes for what is left of the last page; bounded by the disk's size.
        foreach (var size in new[] { chunk.Length, 1 })
        {
            try
            {
                while (true)
                {
                    filler.Write(chunk, 0, size);
                }
            }
            catch (IOException)
            {
                // ENOSPC: full at this size.
            }
        }
    }

    public void Free() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            ?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [_, _, "0", ..];

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        // mount and umount print a line at most, so reading after the exit cannot fill a pipe.
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return (-1, $"{program} did not finish within 30 s");
        }

        return (process.ExitCode, (process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd()).Trim());
    }
}
