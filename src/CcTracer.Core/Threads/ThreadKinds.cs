namespace CcTracer.Threads;

/// <summary>The <c>kind</c> of a thread.</summary>
internal static class ThreadKinds
{
    public const string Main = "main";
    public const string Subagent = "subagent";
    public const string Utility = "utility";
}

/// <summary>What a utility call is for (<c>utility_kind</c>).</summary>
internal static class UtilityKinds
{
    /// <summary>No tools and a JSON-schema output format: the session title.</summary>
    public const string Title = "title";

    /// <summary><c>max_tokens: 1</c>: a probe of quota or reachability, its answer unused.</summary>
    public const string QuotaProbe = "quota_probe";

    /// <summary><c>/v1/messages/count_tokens</c>.</summary>
    public const string CountTokens = "count_tokens";

    /// <summary>Claude Code's compaction call: the conversation, then an instruction to summarise it without tools.</summary>
    public const string Compact = "compact";

    /// <summary>Any other small call without tools, or a non-messages endpoint.</summary>
    public const string Other = "other";
}
