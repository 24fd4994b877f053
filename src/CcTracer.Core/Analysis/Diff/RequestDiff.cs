using CcTracer.Analysis.Cache;

namespace CcTracer.Analysis.Diff;

/// <summary>The statuses of a diff item.</summary>
internal static class DiffStatus
{
    public const string Same = "same";
    public const string Changed = "changed";
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Moved = "moved";
    public const string Edited = "edited";
    public const string Appended = "appended";
}

/// <summary>A top-level parameter (model, max_tokens, thinking, …) that differs; values as JSON text.</summary>
internal sealed record ParamChange(string Name, string Status, string? A, string? B);

/// <summary>A system block or tool definition in either request, and how it changed; <c>Index</c> is its 0-based position in b (in a when removed).</summary>
internal sealed record PartChange(int Index, string? Name, string Status, long ABytes, long BBytes, TextChange? Change);

/// <summary>One message position: same, edited (with where), appended in b, or removed from a.</summary>
internal sealed record MessageChange(int Index, string Status, string Role, string? ALabel, string? BLabel, long ABytes, long BBytes, TextChange? Change);

/// <summary>
/// A structural diff of two Messages requests (docs/http-api.md, "Diff"): parameters, system
/// blocks, tools and messages, each item with a status, plus the first cache-relevant difference.
/// </summary>
internal sealed record RequestDiff(
    IReadOnlyList<ParamChange> Params,
    IReadOnlyList<PartChange> System,
    IReadOnlyList<PartChange> Tools,
    IReadOnlyList<MessageChange> Messages,
    int CommonMessagePrefix,
    CacheBreak? FirstCacheBreak);
