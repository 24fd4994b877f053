namespace CcTracer.Threads;

/// <summary>
/// Finds compactions of each thread's context from every signal: PreCompact/PostCompact hooks, a
/// <c>compaction</c> block or stop reason in a response, a thread whose first message changed
/// (Claude Code replaced its history with a summary), and a sharp drop of the context size between
/// consecutive calls. One compaction seen by several signals is recorded once.
/// </summary>
internal sealed class CompactionTracker
{
    /// <summary>Below this context size a drop is ordinary (e.g. a cleared tool result), not a compaction.</summary>
    internal const long DropFloorTokens = 20_000;

    private const int SummaryChars = 300;
    private readonly List<Compaction> _found = [];
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<ThreadCall, Compaction> _awaitingTokens = [];
    private readonly Dictionary<string, ThreadCall> _lastWithTokens = new(StringComparer.Ordinal);

    public IReadOnlyList<Compaction> Found => _found;

    public void Hook(string threadId, ThreadCall? lastCall, bool post, string? trigger, string? summary, long hookSeq)
    {
        if (!_pending.TryGetValue(threadId, out var pending))
        {
            pending = new Pending(Add(threadId, lastCall, trigger ?? "unknown", "hooks"));
            _pending[threadId] = pending;
        }

        var compaction = pending.Compaction;
        compaction.HookSeq ??= hookSeq;
        if (trigger is not null && compaction.Source == "hooks")
        {
            compaction.Trigger = trigger;
        }

        compaction.Summary ??= Cut(summary);
        pending.PostSeen |= post;
    }

    /// <summary>Whether the hooks said the thread is being compacted now (PreCompact came, PostCompact not yet).</summary>
    public bool IsCompacting(string threadId) => _pending.TryGetValue(threadId, out var pending) && !pending.PostSeen && pending.Compaction.Source == "hooks";

    /// <summary>A call that wrote the summary: belongs to the compaction under way, or to the last one found.</summary>
    public void SummaryCall(ThreadCall call)
    {
        var compaction = _pending.Values.Select(p => p.Compaction).FirstOrDefault(c => c.AfterSeq is null) ?? (_found.Count > 0 ? _found[^1] : null);
        compaction?.SummarySeqs.Add(call.Seq);
    }

    /// <summary>The thread's next call: it ends a compaction the hooks announced and the API confirmed.</summary>
    public void NextCall(CallThread thread, ThreadCall call)
    {
        // Claude Code's own summarising call runs between PreCompact and PostCompact: only a call after
        // PostCompact (or one that starts from the new history) is the first of the compacted context.
        if (_pending.TryGetValue(thread.Id, out var pending) && pending.PostSeen)
        {
            Finish(thread.Id, pending.Compaction, call);
        }
    }

    /// <summary>The thread's history starts differently now: its context was replaced.</summary>
    public void PrefixReset(CallThread thread, ThreadCall? before, ThreadCall after, string? newFirstMessage = null)
    {
        var compaction = _pending.TryGetValue(thread.Id, out var pending)
            ? pending.Compaction
            : Add(thread.Id, before, "inferred", "prefix_reset");
        compaction.Summary ??= Cut(newFirstMessage);
        Finish(thread.Id, compaction, after);
    }

    public void Response(CallThread thread, ThreadCall call, ResponseFacts response)
    {
        if (_awaitingTokens.Remove(call, out var awaiting))
        {
            awaiting.TokensAfter = response.ContextTokens;
        }

        if (response.HasCompactionBlock || response.StopReason == "compaction")
        {
            var compaction = Add(thread.Id, call, "api", response.HasCompactionBlock ? "compaction_block" : "stop_reason");
            compaction.Summary = Cut(response.CompactionSummary);
            _pending[thread.Id] = new Pending(compaction) { PostSeen = true };
        }
        else if (response.ContextTokens is { } now
            && _lastWithTokens.TryGetValue(thread.Id, out var previous) && previous.ContextTokens is { } before
            && before >= DropFloorTokens && now < before / 2
            && !_found.Any(c => c.Thread == thread.Id && c.AfterSeq == call.Seq))
        {
            var compaction = Add(thread.Id, previous, "inferred", "context_drop");
            compaction.AfterSeq = call.Seq;
            compaction.TokensAfter = now;
        }

        if (response.ContextTokens is not null)
        {
            _lastWithTokens[thread.Id] = call;
        }
    }

    private Compaction Add(string threadId, ThreadCall? before, string trigger, string source)
    {
        var compaction = new Compaction { Thread = threadId, BeforeSeq = before?.Seq, TokensBefore = before?.ContextTokens, Trigger = trigger, Source = source };
        _found.Add(compaction);
        return compaction;
    }

    private void Finish(string threadId, Compaction compaction, ThreadCall after)
    {
        _pending.Remove(threadId);
        compaction.AfterSeq ??= after.Seq;
        _awaitingTokens[after] = compaction;
    }

    private static string? Cut(string? text) => text is null ? null : text.Length <= SummaryChars ? text : text[..SummaryChars];

    private sealed class Pending(Compaction compaction)
    {
        public Compaction Compaction { get; } = compaction;

        public bool PostSeen { get; set; }
    }
}
