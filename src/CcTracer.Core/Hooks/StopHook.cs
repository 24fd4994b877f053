using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>Stop</c> or <c>StopFailure</c> event: the main agent's turn ended.</summary>
public sealed class StopHook
{
    private StopHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var root = hookEvent.Root;
        StopHookActive = PayloadProperty.GetBool(root, "stop_hook_active");
        LastAssistantMessage = PayloadProperty.GetText(root, "last_assistant_message");
        Error = PayloadProperty.GetText(root, "error");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary>Whether this is the <c>StopFailure</c> event (the turn ended on an API error).</summary>
    public bool IsFailure => string.Equals(Event.EventName, HookEventNames.StopFailure, StringComparison.Ordinal);

    /// <summary><c>stop_hook_active</c>: Claude Code is already continuing because of a stop hook.</summary>
    public bool? StopHookActive { get; }

    /// <summary><c>last_assistant_message</c>.</summary>
    public string? LastAssistantMessage { get; }

    /// <summary><c>error</c> (StopFailure): a string, or the raw JSON of a structured error.</summary>
    public string? Error { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is Stop or StopFailure.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is Stop or StopFailure.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out StopHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.Stop, HookEventNames.StopFailure) ? new StopHook(hookEvent) : null;
        return view is not null;
    }
}
