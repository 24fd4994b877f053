namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// The children alive right now, so Ctrl+C, SIGTERM or an unhandled exception still kills them.
/// Process-wide on purpose: exit handlers are process-wide.
/// </summary>
internal static class ChildRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<ChildProcess> Children = [];
    private static bool _hooked;

    public static void Add(ChildProcess child)
    {
        lock (Gate)
        {
            Children.Add(child);
            if (!_hooked)
            {
                _hooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
                AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
                Console.CancelKeyPress += (_, _) => KillAll();
            }
        }
    }

    public static void Remove(ChildProcess child)
    {
        lock (Gate)
        {
            Children.Remove(child);
        }
    }

    public static void KillAll()
    {
        ChildProcess[] all;
        lock (Gate)
        {
            all = [.. Children];
        }

        foreach (var c in all)
        {
            c.KillNow();
        }
    }
}
