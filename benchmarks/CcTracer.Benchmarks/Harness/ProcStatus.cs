using System.Globalization;

namespace CcTracer.Benchmarks.Harness;

/// <summary>Reads a process's memory figures from /proc/PID/status (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>A <c>kB</c> field such as <c>VmHWM</c> (peak resident) or <c>VmRSS</c>, in bytes; -1 when unreadable.</summary>
    public static long ReadBytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    /// <summary>
    /// Resets the peak-resident mark (writing 5 to clear_refs, Linux ≥ 4.0) so a phase's peak can
    /// be read on its own; false when the kernel refuses.
    /// </summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// User + system CPU time (/proc/PID/stat) of the process and its descendants, in seconds: mitmdump
    /// runs under a shell. -1 when unreadable.
    /// </summary>
    public static double CpuSeconds(int pid)
    {
        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ReadStat(id) is { } stat)
            {
                stats[id] = stat;
            }
        }

        if (!stats.ContainsKey(pid))
        {
            return -1;
        }

        long total = 0;
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var id))
        {
            total += stats[id].Ticks;
            foreach (var (child, stat) in stats)
            {
                if (stat.Parent == id)
                {
                    pending.Push(child);
                }
            }
        }

        return total / (double)ClockTicksPerSecond;
    }

    private static (int Parent, long Ticks)? ReadStat(int pid)
    {
        try
        {
            // Fields after the parenthesised command name: ppid is field 4, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until the process has used under 10 ms of CPU in a 250 ms window (at most 30 s): a
    /// proxy that records after the client is done (the tracer writes the turn) has finished, so
    /// its CPU figure is whole and the next run does not compete with its leftovers.
    /// </summary>
    public static async Task<double> SettledCpuSecondsAsync(int pid, CancellationToken cancellationToken)
    {
        var last = CpuSeconds(pid);
        for (var i = 0; i < 120; i++)
        {
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            var now = CpuSeconds(pid);
            if (now - last < 0.010)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    // USER_HZ: 100 on every Linux ABI .NET runs on.
    private const int ClockTicksPerSecond = 100;

    public static string Mb(long bytes) => bytes < 0 ? "n/a" : (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}
