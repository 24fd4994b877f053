namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// A 2,000-record session (500 cycles of PreToolUse, request, response, PostToolUse; 1,500 rows) with
/// small bodies, written straight into a tracer's log directory: long enough that every waterfall bar
/// is a sliver, small enough to open in a moment.
/// </summary>
internal sealed class LongSession : IAsyncDisposable
{
    public const string SessionId = "long-session-2000";
    public const int Cycles = 500;
    public const int Rows = Cycles * 3;

    private readonly string _directory;

    private LongSession(string directory, KestrelTracer tracer)
    {
        _directory = directory;
        Tracer = tracer;
    }

    public KestrelTracer Tracer { get; }

    public string PageUrl => Tracer.Root + "#session=" + SessionId;

    /// <summary>The opening seq of cycle <paramref name="i"/>'s API row.</summary>
    public static long ApiSeq(int i) => (i * BigSessionWriter.RecordsPerCycle) + 2;

    /// <summary>The opening seq of cycle <paramref name="i"/>'s PreToolUse row.</summary>
    public static long PreToolUseSeq(int i) => (i * BigSessionWriter.RecordsPerCycle) + 1;

    public static async Task<LongSession> StartAsync()
    {
        var dir = KestrelTracer.NewTempDirectory();
        BigSessionWriter.Write(dir, SessionId, Cycles, bodyBytes: 300);
        return new LongSession(dir, await KestrelTracer.StartAsync(logDirectory: dir));
    }

    public async ValueTask DisposeAsync()
    {
        await Tracer.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
