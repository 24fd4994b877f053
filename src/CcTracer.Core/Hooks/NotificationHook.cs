using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>Notification</c> event.</summary>
public sealed class NotificationHook
{
    private NotificationHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        Message = hookEvent.GetString("message");
        Title = hookEvent.GetString("title");
        NotificationType = hookEvent.GetString("notification_type");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary><c>message</c>.</summary>
    public string? Message { get; }

    /// <summary><c>title</c>.</summary>
    public string? Title { get; }

    /// <summary><c>notification_type</c>, e.g. <c>permission_prompt</c>, <c>idle_prompt</c>.</summary>
    public string? NotificationType { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a <c>Notification</c> event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is a <c>Notification</c>.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out NotificationHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.Notification) ? new NotificationHook(hookEvent) : null;
        return view is not null;
    }
}
