using CcTracer.Hooks;

namespace CcTracer.Replay;

/// <summary>A <c>hook</c> record of a recorded session: where it sits in the log, and the parsed event.</summary>
public sealed class RecordedHook
{
    internal RecordedHook(long seq, DateTimeOffset? timestamp, HookEvent hookEvent)
    {
        Seq = seq;
        Timestamp = timestamp;
        Event = hookEvent;
        ToolUse = ToolUseHook.TryFrom(hookEvent, out var view) ? view : null;
    }

    /// <summary>The record's <c>seq</c> in the log.</summary>
    public long Seq { get; }

    /// <summary>When the tracer accepted the hook.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The hook payload, with typed access to its common fields.</summary>
    public HookEvent Event { get; }

    /// <summary><c>hook_event_name</c>, e.g. <c>PreToolUse</c>.</summary>
    public string EventName => Event.EventName;

    /// <summary>The payload's <c>tool_use_id</c>, when it has one.</summary>
    public string? ToolUseId => Event.ToolUseId;

    /// <summary>The tool-call view for PreToolUse, PostToolUse and PostToolUseFailure; <see langword="null"/> otherwise.</summary>
    public ToolUseHook? ToolUse { get; }

    /// <inheritdoc />
    public override string ToString() => $"#{Seq} {EventName}";
}
