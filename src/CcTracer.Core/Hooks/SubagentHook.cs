using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>SubagentStart</c> or <c>SubagentStop</c> event.</summary>
public sealed class SubagentHook
{
    private SubagentHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var root = hookEvent.Root;
        AgentId = PayloadProperty.GetString(root, "agent_id");
        AgentType = PayloadProperty.GetString(root, "agent_type");
        AgentTranscriptPath = PayloadProperty.GetString(root, "agent_transcript_path");
        StopHookActive = PayloadProperty.GetBool(root, "stop_hook_active");
        LastAssistantMessage = PayloadProperty.GetText(root, "last_assistant_message");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary>Whether this is the <c>SubagentStop</c> event.</summary>
    public bool IsStop => string.Equals(Event.EventName, HookEventNames.SubagentStop, StringComparison.Ordinal);

    /// <summary><c>agent_id</c>.</summary>
    public string? AgentId { get; }

    /// <summary><c>agent_type</c>, e.g. <c>general-purpose</c> or a custom agent name.</summary>
    public string? AgentType { get; }

    /// <summary><c>agent_transcript_path</c> (SubagentStop): the subagent's own transcript.</summary>
    public string? AgentTranscriptPath { get; }

    /// <summary><c>stop_hook_active</c> (SubagentStop).</summary>
    public bool? StopHookActive { get; }

    /// <summary><c>last_assistant_message</c> (SubagentStop).</summary>
    public string? LastAssistantMessage { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a subagent event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is SubagentStart or SubagentStop.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out SubagentHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.SubagentStart, HookEventNames.SubagentStop) ? new SubagentHook(hookEvent) : null;
        return view is not null;
    }
}
