namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>A tracer over a log directory prepared beforehand (a session file written or copied into it), deleted on dispose.</summary>
internal sealed class PreparedSession : IAsyncDisposable
{
    private readonly string _directory;

    private PreparedSession(string directory, string sessionId, KestrelTracer tracer)
    {
        _directory = directory;
        SessionId = sessionId;
        Tracer = tracer;
    }

    public string SessionId { get; }

    public KestrelTracer Tracer { get; }

    public string PageUrl => Tracer.Root + "#session=" + Uri.EscapeDataString(SessionId);

    /// <summary>Runs <paramref name="prepare"/> on a fresh directory, then starts a tracer logging there.</summary>
    public static async Task<PreparedSession> StartAsync(string sessionId, Action<string> prepare)
    {
        var dir = KestrelTracer.NewTempDirectory();
        prepare(dir);
        return new PreparedSession(dir, sessionId, await KestrelTracer.StartAsync(logDirectory: dir));
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
