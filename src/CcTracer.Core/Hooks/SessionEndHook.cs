using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>SessionEnd</c> event.</summary>
public sealed class SessionEndHook
{
    private SessionEndHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        Reason = hookEvent.GetString("reason");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>reason</c>: <c>clear</c>, <c>logout</c>, <c>prompt_input_exit</c>, <c>other</c>, ….</summary>
    public string? Reason { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a <c>SessionEnd</c> event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is a <c>SessionEnd</c>.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out SessionEndHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.SessionEnd) ? new SessionEndHook(hookEvent) : null;
        return view is not null;
    }
}
