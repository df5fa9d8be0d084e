using System.Globalization;

namespace PortFwd.WebSocket.Bench;

/// <summary>
/// CPU seconds a process and its children have used, from /proc (Linux): the proxy's cost over the measured
/// window, read by the client itself so the window is exactly the one whose messages are counted.
/// nginx's master/worker pair is covered by passing the master: its live children are added.
/// </summary>
internal static class ProxyCpu
{
    // USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux architecture's user-space ABI.
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime (+ reaped children's) of the process tree at <paramref name="pid"/>; null when unreadable.</summary>
    public static double? Seconds(int pid)
    {
        long ticks = 0;
        var seen = 0;
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var next) && seen < 1000)
        {
            var stat = Read($"/proc/{next}/stat");
            if (stat is null)
            {
                if (next == pid)
                {
                    return null;
                }

                continue;
            }

            seen++;
            // Fields after the command name (which may hold spaces): state is field 3, utime 14 ... cstime 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            for (var field = 14; field <= 17; field++)
            {
                ticks += long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
            }

            foreach (var child in Children(next))
            {
                pending.Push(child);
            }
        }

        return ticks / TicksPerSecond;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            foreach (var child in (Read(Path.Combine(task, "children")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(child, CultureInfo.InvariantCulture);
            }
        }
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
