namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// A real Claude Code 2.1.332 session with subagents (tests/fixtures/claude-code-2.1.332-threads/subagents.jsonl:
/// one Agent-tool subagent, two in parallel, one nested), copied into a tracer's log directory.
/// </summary>
internal static class ThreadsSession
{
    public const string SessionId = "d184b4a2-2f88-441e-8d87-129dd6c25112";

    /// <summary>Rows of the timeline: 59 records, 12 calls each sharing one row.</summary>
    public const int Rows = 47;

    public static Task<PreparedSession> StartAsync() => PreparedSession.StartAsync(SessionId, dir =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.332-threads", "subagents.jsonl"), Path.Combine(dir, SessionId + ".jsonl")));
}
