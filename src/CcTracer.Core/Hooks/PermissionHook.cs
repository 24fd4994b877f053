using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>A <c>PermissionRequest</c> or <c>PermissionDenied</c> event.</summary>
public sealed class PermissionHook
{
    private PermissionHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var root = hookEvent.Root;
        ToolName = PayloadProperty.GetString(root, "tool_name");
        ToolInput = PayloadProperty.GetElement(root, "tool_input") ?? default;
        PermissionSuggestions = PayloadProperty.GetElement(root, "permission_suggestions");
        Reason = PayloadProperty.GetText(root, "reason");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary>Whether this is the <c>PermissionDenied</c> event.</summary>
    public bool IsDenied => string.Equals(Event.EventName, HookEventNames.PermissionDenied, StringComparison.Ordinal);

    /// <summary><c>tool_name</c>.</summary>
    public string? ToolName { get; }

    /// <summary><c>tool_input</c>; <see cref="JsonValueKind.Undefined"/> when missing.</summary>
    public JsonElement ToolInput { get; }

    /// <summary><c>tool_use_id</c>.</summary>
    public string? ToolUseId => Event.ToolUseId;

    /// <summary><c>permission_suggestions</c> (PermissionRequest) when present.</summary>
    public JsonElement? PermissionSuggestions { get; }

    /// <summary><c>reason</c> (PermissionDenied) when present.</summary>
    public string? Reason { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a permission event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is PermissionRequest or PermissionDenied.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out PermissionHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.PermissionRequest, HookEventNames.PermissionDenied)
            ? new PermissionHook(hookEvent)
            : null;
        return view is not null;
    }
}
