using CcTracer.Analysis.Context;

namespace CcTracer.Analysis.Requests;

/// <summary>One tool definition of a request: its name, size and fingerprint (without <c>cache_control</c>).</summary>
internal sealed record ToolPart(string Name, int Bytes, UInt128 Hash, string Text);

/// <summary>One system block: its text (what a break explanation quotes), size and fingerprint.</summary>
internal sealed record SystemPart(string Text, int Bytes, UInt128 Hash);

/// <summary>One message: role, what it holds in words (e.g. <c>tool_result for Read</c>), size and fingerprint.</summary>
internal sealed record MessagePart(string Role, string Label, int Bytes, UInt128 Hash);

/// <summary>
/// A Messages API request as the prompt cache sees it, in prefix order (tools → system →
/// messages), plus the parameters that invalidate a cached prefix and what fills the context.
/// </summary>
internal sealed class RequestShape
{
    /// <summary>Top-level keys whose change invalidates the cached messages (Anthropic's prompt-caching docs).</summary>
    public static readonly string[] CacheParameters = ["thinking", "tool_choice", "output_config"];

    public string? Model { get; init; }

    /// <summary>Every top-level key other than <c>messages</c>, <c>system</c> and <c>tools</c>, as canonical JSON text.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required IReadOnlyList<ToolPart> Tools { get; init; }

    public required IReadOnlyList<SystemPart> System { get; init; }

    /// <summary>True when <c>system</c> was a plain string rather than a list of blocks.</summary>
    public bool SystemIsString { get; init; }

    public required IReadOnlyList<MessagePart> Messages { get; init; }

    /// <summary>Whether any block asks for caching (<c>cache_control</c>) anywhere in the request.</summary>
    public bool HasCacheControl { get; init; }

    /// <summary>Whether some <c>cache_control</c> asks for the one-hour TTL.</summary>
    public bool HasOneHourTtl { get; init; }

    /// <summary>Bytes per context category, tool, tool result and file.</summary>
    public required ContextTally Tally { get; init; }

    /// <summary>Whether the request has <c>tools</c> with at least one definition.</summary>
    public bool HasTools => Tools.Count > 0;

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
