namespace CcTracer.Threads;

/// <summary>
/// One thread of a session: the main loop, one subagent, or one kind of utility call. Its identity
/// fields fill in as signals arrive (a subagent's type from SubagentStart, its Agent call from the
/// prompt or PostToolUse), so a reader always sees the latest.
/// </summary>
internal sealed class CallThread
{
    public CallThread(string id, string kind) => (Id, Kind) = (id, kind);

    public string Id { get; }

    public string Kind { get; }

    public string? UtilityKind { get; init; }

    public string? AgentId { get; set; }

    public string? AgentType { get; set; }

    public string? Description { get; set; }

    /// <summary>The prompt the Agent call gave the subagent.</summary>
    public string? Prompt { get; set; }

    /// <summary>The id of the thread whose call issued the Agent tool_use.</summary>
    public string? Parent { get; set; }

    /// <summary>The Agent/Task tool_use that started the subagent.</summary>
    public string? ToolUseId { get; set; }

    /// <summary>Whether the thread itself is known exactly (the agent header), not inferred.</summary>
    public bool Exact { get; set; }

    /// <summary>How the thread was identified.</summary>
    public string Why { get; set; } = "";

    public List<long> Calls { get; } = [];

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    internal RequestFacts? LastRequest { get; set; }

    internal ThreadCall? LastCall { get; set; }

    internal void Touch(DateTimeOffset? at)
    {
        if (at is { } t)
        {
            FirstTimestamp ??= t;
            LastTimestamp = LastTimestamp is { } last && last > t ? last : t;
        }
    }
}

/// <summary>One API call's attribution: its thread, and whether this call's assignment is exact and why.</summary>
internal sealed class ThreadCall
{
    public ThreadCall(long seq, string exchangeId, CallThread thread, bool exact, string why)
        => (Seq, ExchangeId, Thread, Exact, Why) = (seq, exchangeId, thread, exact, why);

    /// <summary>The <c>seq</c> of the <c>api_request</c>.</summary>
    public long Seq { get; }

    /// <summary>The <c>seq</c> of the <c>api_response</c>, once it came.</summary>
    public long? ResponseSeq { get; set; }

    public string ExchangeId { get; }

    public CallThread Thread { get; }

    public bool Exact { get; }

    public string Why { get; }

    /// <summary>The context the call was given (input + cache tokens), from its response's usage.</summary>
    public long? ContextTokens { get; set; }
}

/// <summary>A compaction: the context of <see cref="Thread"/> replaced by a summary between two calls.</summary>
internal sealed class Compaction
{
    public required string Thread { get; init; }

    /// <summary>The thread's last call before the compaction (null when none was seen).</summary>
    public long? BeforeSeq { get; set; }

    /// <summary>The thread's first call after it (null until it comes).</summary>
    public long? AfterSeq { get; set; }

    /// <summary><c>manual</c> / <c>auto</c> (PreCompact), <c>api</c> (a compaction block), or <c>inferred</c>.</summary>
    public required string Trigger { get; set; }

    /// <summary>What found it: <c>hooks</c>, <c>compaction_block</c>, <c>stop_reason</c>, <c>prefix_reset</c>, <c>context_drop</c>.</summary>
    public required string Source { get; set; }

    public long? TokensBefore { get; set; }

    public long? TokensAfter { get; set; }

    /// <summary>The start of the summary that replaced the context, when known.</summary>
    public string? Summary { get; set; }

    /// <summary>The calls that wrote the summary (Claude Code's compaction calls).</summary>
    public List<long> SummarySeqs { get; } = [];

    /// <summary>The PreCompact hook's seq, when hooks reported it.</summary>
    public long? HookSeq { get; set; }
}
