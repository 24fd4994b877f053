using System.Runtime.InteropServices;

namespace CcTracer.Capture;

/// <summary>
/// Runs the tracer's own heavy work — reassembling a captured stream, serializing and writing the
/// log — on a dedicated thread the OS schedules below the session's: when the machine is short of
/// CPU, forwarding Claude Code's bytes wins and recording catches up after. The priority is a
/// share, not a starvation: on Linux nice 10 still gets about a tenth of a contended core.
/// </summary>
internal static class LowPriorityThread
{
    // Linux nice value: 0 is normal, 19 the lowest. 10 yields clearly without starving the log.
    private const int Nice = 10;

    /// <summary>Starts <paramref name="body"/> on a new background thread; the task ends with it.</summary>
    public static Task Start(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower();
            try
            {
                body();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static void Lower()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // .NET ignores Thread.Priority on Linux; a thread's nice value is per thread there.
                _ = SetPriority(0 /* PRIO_PROCESS */, GetTid(), Nice);
            }
            else
            {
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            // Priority is an optimisation; the work runs either way.
        }
    }

    // Plain int arguments need no marshalling, so DllImport avoids unsafe code for LibraryImport.
    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();
}
