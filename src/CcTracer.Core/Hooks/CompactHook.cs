using System.Diagnostics.CodeAnalysis;

namespace CcTracer.Hooks;

/// <summary>A <c>PreCompact</c> or <c>PostCompact</c> event.</summary>
public sealed class CompactHook
{
    private CompactHook(HookEvent hookEvent)
    {
        Event = hookEvent;
        var root = hookEvent.Root;
        Trigger = PayloadProperty.GetString(root, "trigger");
        CustomInstructions = PayloadProperty.GetString(root, "custom_instructions");
        CompactSummary = PayloadProperty.GetText(root, "compact_summary");
    }

    /// <summary>The underlying event.</summary>
    public HookEvent Event { get; }

    /// <summary>Whether this is the <c>PostCompact</c> event.</summary>
    public bool IsPost => string.Equals(Event.EventName, HookEventNames.PostCompact, StringComparison.Ordinal);

    /// <summary><c>trigger</c>: <c>manual</c> (<c>/compact</c>) or <c>auto</c> (context window full).</summary>
    public string? Trigger { get; }

    /// <summary><c>custom_instructions</c>: what the user passed to <c>/compact</c>; empty for auto.</summary>
    public string? CustomInstructions { get; }

    /// <summary><c>compact_summary</c> (PostCompact) when present.</summary>
    public string? CompactSummary { get; }

    /// <summary>Creates the view when <paramref name="hookEvent"/> is a compaction event.</summary>
    /// <param name="hookEvent">Any parsed event.</param>
    /// <param name="view">The view, or <see langword="null"/> for another event.</param>
    /// <returns>Whether the event is PreCompact or PostCompact.</returns>
    public static bool TryFrom(HookEvent hookEvent, [NotNullWhen(true)] out CompactHook? view)
    {
        ArgumentNullException.ThrowIfNull(hookEvent);
        view = PayloadProperty.Is(hookEvent, HookEventNames.PreCompact, HookEventNames.PostCompact) ? new CompactHook(hookEvent) : null;
        return view is not null;
    }
}
