using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>A <c>PostToolBatch</c> event: every tool call of one assistant turn, after they all finished.</summary>
public sealed class PostToolBatchHook
{
    private PostToolBatchHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var calls = new List<ToolCall>();
        if (hookEvent.TryGetProperty("tool_calls", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    calls.Add(new ToolCall(item));
                }
            }
        }

        ToolCalls = calls;
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>tool_calls</c>, in payload order (non-object entries are skipped).</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a <c>PostToolBatch</c> event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is a <c>PostToolBatch</c>.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out PostToolBatchHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.PostToolBatch) ? new PostToolBatchHook(hookEvent) : null;
        return view is not null;
    }
}
