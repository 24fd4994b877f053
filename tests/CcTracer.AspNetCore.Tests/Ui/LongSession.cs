namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// A 2,000-record session (500 cycles of PreToolUse, request, response, PostToolUse; 1,500 rows) with
/// small bodies, written straight into a tracer's log directory: long enough that every waterfall bar
/// is a sliver, small enough to open in a moment.
/// </summary>
internal static class LongSession
{
    public const string SessionId = "long-session-2000";
    public const int Cycles = 500;
    public const int Rows = Cycles * 3;

    /// <summary>The opening seq of cycle <paramref name="i"/>'s API row.</summary>
    public static long ApiSeq(int i) => (i * BigSessionWriter.RecordsPerCycle) + 2;

    /// <summary>The opening seq of cycle <paramref name="i"/>'s PreToolUse row.</summary>
    public static long PreToolUseSeq(int i) => (i * BigSessionWriter.RecordsPerCycle) + 1;

    public static Task<PreparedSession> StartAsync() => PreparedSession.StartAsync(SessionId, dir => BigSessionWriter.Write(dir, SessionId, Cycles, bodyBytes: 300));
}
