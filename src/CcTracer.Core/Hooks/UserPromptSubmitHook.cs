using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>UserPromptSubmit</c> event: the prompt as the user typed it.</summary>
public sealed class UserPromptSubmitHook
{
    private UserPromptSubmitHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        Prompt = hookEvent.GetString("prompt");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>prompt</c>.</summary>
    public string? Prompt { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a <c>UserPromptSubmit</c> event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is a <c>UserPromptSubmit</c>.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out UserPromptSubmitHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.UserPromptSubmit) ? new UserPromptSubmitHook(hookEvent) : null;
        return view is not null;
    }
}
