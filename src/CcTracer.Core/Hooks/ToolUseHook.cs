using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>A <c>PreToolUse</c>, <c>PostToolUse</c> or <c>PostToolUseFailure</c> event: one tool call.</summary>
public sealed class ToolUseHook
{
    private ToolUseHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var root = hookEvent.Root;
        ToolName = PayloadProperty.GetString(root, "tool_name");
        ToolInput = PayloadProperty.GetElement(root, "tool_input") ?? default;
        ToolResponse = PayloadProperty.GetElement(root, "tool_response");
        DurationMs = PayloadProperty.GetInt64(root, "duration_ms");
        Error = PayloadProperty.GetText(root, "error");
        IsInterrupt = PayloadProperty.GetBool(root, "is_interrupt");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>tool_name</c>, e.g. <c>Bash</c>, <c>Edit</c>, <c>mcp__server__tool</c>.</summary>
    public string? ToolName { get; }

    /// <summary><c>tool_input</c>; <see cref="JsonValueKind.Undefined"/> when the payload has none.</summary>
    public JsonElement ToolInput { get; }

    /// <summary><c>tool_response</c> (PostToolUse only), as any JSON value.</summary>
    public JsonElement? ToolResponse { get; }

    /// <summary><c>tool_use_id</c>: the join key to the API turn.</summary>
    public string? ToolUseId => Event.ToolUseId;

    /// <summary><c>duration_ms</c>: how long the tool ran (Post events).</summary>
    public long? DurationMs { get; }

    /// <summary><c>error</c> (PostToolUseFailure): a string, or the raw JSON of a structured error.</summary>
    public string? Error { get; }

    /// <summary><c>is_interrupt</c> (PostToolUseFailure): whether the user interrupted the call.</summary>
    public bool? IsInterrupt { get; }

    /// <summary>Whether this is the <c>PostToolUseFailure</c> event.</summary>
    public bool IsFailure => string.Equals(Event.EventName, HookEventNames.PostToolUseFailure, StringComparison.Ordinal);

    /// <summary>The unified diff of an <c>Edit</c>, <c>MultiEdit</c> or <c>Write</c> call.</summary>
    /// <param name="diff">The diff, or <see langword="null"/> for other tools.</param>
    /// <returns>Whether a diff could be made.</returns>
    public bool TryGetEditDiff([NotNullWhen(true)] out UnifiedDiff? diff)
    {
        diff = null;
        return ToolName is not null && EditDiff.TryCreate(ToolName, ToolInput, ToolResponse, out diff);
    }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is one of the per-call tool events.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is PreToolUse, PostToolUse or PostToolUseFailure.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out ToolUseHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.PreToolUse, HookEventNames.PostToolUse, HookEventNames.PostToolUseFailure)
            ? new ToolUseHook(hookEvent)
            : null;
        return view is not null;
    }
}
