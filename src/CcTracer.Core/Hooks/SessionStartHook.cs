using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>SessionStart</c> event: a session started, resumed, was cleared or compacted.</summary>
public sealed class SessionStartHook
{
    private SessionStartHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        Source = hookEvent.GetString("source");
        Model = hookEvent.GetString("model");
        AgentType = hookEvent.GetString("agent_type");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>source</c>: <c>startup</c>, <c>resume</c>, <c>clear</c> or <c>compact</c>.</summary>
    public string? Source { get; }

    /// <summary><c>model</c> when the payload names it.</summary>
    public string? Model { get; }

    /// <summary><c>agent_type</c> when the session runs a named agent.</summary>
    public string? AgentType { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a <c>SessionStart</c> event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is a <c>SessionStart</c>.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out SessionStartHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.SessionStart) ? new SessionStartHook(hookEvent) : null;
        return view is not null;
    }
}
