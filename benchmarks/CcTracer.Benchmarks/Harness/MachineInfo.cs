using System.Runtime.InteropServices;

namespace CcTracer.Benchmarks.Harness;

/// <summary>The line every result table carries: figures from a 2-core VM are not a laptop's.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        var gc = System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · nproc {Environment.ProcessorCount} · {cpu} · {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}) · runner {gc}";
    }
}
