namespace CcTracer.Analysis.Cache;

/// <summary>Where a cache break was found (<c>at</c> in the API).</summary>
internal static class BreakPlaces
{
    public const string Model = "model";
    public const string Tools = "tools";
    public const string System = "system";
    public const string Params = "params";
    public const string Messages = "messages";
    public const string Ttl = "ttl";
    public const string Unknown = "unknown";
}

/// <summary>The exact difference that broke the cache: which part, which item, and the text before and after.</summary>
/// <param name="Section">One of <see cref="BreakPlaces"/>.</param>
/// <param name="Index">The 0-based tool, system block or message index, when the change is in a list.</param>
/// <param name="Name">The tool or parameter name, or the message's label.</param>
/// <param name="Position">The 0-based character where the texts first differ.</param>
/// <param name="Before">An excerpt of the previous call's text (or value).</param>
/// <param name="After">The same excerpt in this call.</param>
internal sealed record BreakDiff(string Section, int? Index = null, string? Name = null, int? Position = null, string? Before = null, string? After = null);

/// <summary>Why the cache broke, in words (<see cref="Detail"/>), against the call it is compared with.</summary>
internal sealed record CacheBreak(string At, string Detail, BreakDiff? Diff, long ComparedWithSeq);
