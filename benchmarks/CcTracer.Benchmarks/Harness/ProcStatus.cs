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

    public static string Mb(long bytes) => bytes < 0 ? "n/a" : (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}
