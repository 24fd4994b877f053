namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// A real Claude Code 2.1.332 session with subagents (tests/fixtures/claude-code-2.1.332-threads/subagents.jsonl:
/// one Agent-tool subagent, two in parallel, one nested), copied into a tracer's log directory.
/// </summary>
internal sealed class ThreadsSession : IAsyncDisposable
{
    public const string SessionId = "d184b4a2-2f88-441e-8d87-129dd6c25112";

    /// <summary>Rows of the timeline: 59 records, 12 calls each sharing one row.</summary>
    public const int Rows = 47;

    private readonly string _directory;

    private ThreadsSession(string directory, KestrelTracer tracer)
    {
        _directory = directory;
        Tracer = tracer;
    }

    public KestrelTracer Tracer { get; }

    public string PageUrl => Tracer.Root + "#session=" + SessionId;

    public static async Task<ThreadsSession> StartAsync()
    {
        var dir = KestrelTracer.NewTempDirectory();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.332-threads", "subagents.jsonl"), Path.Combine(dir, SessionId + ".jsonl"));
        return new ThreadsSession(dir, await KestrelTracer.StartAsync(logDirectory: dir));
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
