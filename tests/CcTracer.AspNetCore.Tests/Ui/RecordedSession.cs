using CcTracer.TestKit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>A running tracer holding one real, recorded Claude Code session (see <see cref="RecordedSessionBuilder"/>).</summary>
internal sealed class RecordedSession : IAsyncDisposable
{
    public RecordedSession(KestrelTracer tracer, ScriptedUpstream upstream, string sessionId)
    {
        Tracer = tracer;
        Upstream = upstream;
        SessionId = sessionId;
    }

    public KestrelTracer Tracer { get; }

    public ScriptedUpstream Upstream { get; }

    public string SessionId { get; }

    /// <summary>The UI opened on this session.</summary>
    public string PageUrl => Tracer.Root + "#session=" + Uri.EscapeDataString(SessionId);

    public async ValueTask DisposeAsync()
    {
        await Tracer.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
