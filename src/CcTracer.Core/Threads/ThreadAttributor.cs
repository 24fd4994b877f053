using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>
/// Attributes a session's API calls to threads (main loop, subagents, utility calls), fed the
/// session's records in <c>seq</c> order: exact where the wire says so (the
/// <c>x-claude-code-agent-id</c> header, hooks carrying <c>agent_id</c>), inferred otherwise from
/// the shape of the requests, and each call says which and why. Also finds compactions
/// (<see cref="Compactions"/>). Incremental: feed records as they arrive. Not thread-safe.
/// </summary>
internal sealed partial class ThreadAttributor
{
    /// <summary>The earliest release measured to send <c>x-claude-code-agent-id</c> on every subagent call.</summary>
    internal static readonly Version AgentHeaderSince = new(2, 1, 332);

    private const string MainId = "main";
    private readonly Dictionary<string, CallThread> _threads = new(StringComparer.Ordinal);
    private readonly List<CallThread> _order = [];
    private readonly List<ThreadCall> _calls = [];
    private readonly Dictionary<string, ThreadCall> _byExchange = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallThread> _byAgentId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingAgentCall> _agentCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallThread> _toolUseThread = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ThreadCall> _responseHashCall = [];
    private readonly Dictionary<ulong, CallThread> _firstMessageThread = [];
    private readonly Dictionary<string, string> _agentTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _agentToolUse = new(StringComparer.Ordinal);
    private readonly CompactionTracker _compactions = new();
    private readonly List<(long Seq, string Source)> _sessionStarts = [];
    private int _unknownAgents;

    /// <summary>The threads, in the order their first call came.</summary>
    public IReadOnlyList<CallThread> Threads => _order;

    /// <summary>Every API call seen, in request order.</summary>
    public IReadOnlyList<ThreadCall> Calls => _calls;

    public IReadOnlyList<Compaction> Compactions => _compactions.Found;

    /// <summary>SessionStart hooks: where a run of claude began (<c>startup</c>, <c>resume</c>, <c>compact</c>, <c>fork</c>, <c>clear</c>).</summary>
    public IReadOnlyList<(long Seq, string Source)> SessionStarts => _sessionStarts;

    /// <summary>The <c>seq</c> of the last record fed.</summary>
    public long LastSeq { get; private set; }

    /// <summary>The attribution of the call with this exchange id, if seen.</summary>
    public ThreadCall? FindCall(string exchangeId) => _byExchange.GetValueOrDefault(exchangeId);

    /// <summary>Feeds one record; returns the call it attributed (an <c>api_request</c>) or completed (an <c>api_response</c>).</summary>
    public ThreadCall? Add(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        LastSeq = Math.Max(LastSeq, record.Seq);
        switch (record.Type)
        {
            case RecordTypes.ApiRequest:
                return AddRequest(RequestFacts.From(record));
            case RecordTypes.ApiResponse:
                return AddResponse(ResponseFacts.From(record));
            case RecordTypes.Hook:
                AddHook(record);
                return null;
            default:
                return null;
        }
    }

    internal ThreadCall AddRequest(RequestFacts request)
    {
        var (thread, exact, why) = Attribute(request);
        var call = new ThreadCall(request.Seq, request.ExchangeId, thread, exact, why);
        if (thread.UtilityKind == UtilityKinds.Compact)
        {
            _compactions.SummaryCall(call);
        }

        if (thread.Kind != ThreadKinds.Utility && thread.LastRequest is { } previous && previous.FirstMessageHash != request.FirstMessageHash && request.FirstMessageHash != 0)
        {
            _compactions.PrefixReset(thread, thread.LastCall, call, request.FirstUserTexts.Count > 0 ? request.FirstUserTexts[^1] : null);
        }
        else if (thread.Kind != ThreadKinds.Utility)
        {
            _compactions.NextCall(thread, call);
        }

        thread.Calls.Add(request.Seq);
        thread.Touch(request.Timestamp);
        if (thread.Kind != ThreadKinds.Utility)
        {
            thread.LastRequest = request;
            thread.LastCall = call;
            if (request.FirstMessageHash != 0)
            {
                _firstMessageThread.TryAdd(request.FirstMessageHash, thread);
            }
        }

        _calls.Add(call);
        _byExchange[request.ExchangeId] = call;
        return call;
    }

    internal ThreadCall? AddResponse(ResponseFacts response)
    {
        if (!_byExchange.TryGetValue(response.ExchangeId, out var call))
        {
            return null;
        }

        call.ResponseSeq = response.Seq;
        call.ContextTokens = response.ContextTokens;
        var thread = call.Thread;
        thread.Touch(response.Timestamp);
        if (thread.Kind == ThreadKinds.Utility)
        {
            return call;
        }

        foreach (var id in response.ToolUseIds)
        {
            _toolUseThread[id] = thread;
        }

        if (response.ContentHash != 0)
        {
            _responseHashCall[response.ContentHash] = call;
        }

        foreach (var agentCall in response.AgentCalls)
        {
            RegisterAgentCall(agentCall, thread.Id, fromHook: false);
        }

        _compactions.Response(thread, call, response);
        return call;
    }

    private (CallThread Thread, bool Exact, string Why) Attribute(RequestFacts request)
    {
        if (request.Kind == ApiKinds.CountTokens)
        {
            return (Utility(UtilityKinds.CountTokens), true, "the count_tokens endpoint");
        }

        if (request.Kind != ApiKinds.Messages)
        {
            return (Utility(UtilityKinds.Other), true, "not a messages call");
        }

        if (request.AgentHeader is { Length: > 0 } agentId)
        {
            var known = _byAgentId.TryGetValue(agentId, out var existing);
            var thread = existing ?? Subagent(request, agentId, exact: true, why: "x-claude-code-agent-id header");
            return (thread, true, known ? "x-claude-code-agent-id header" : "x-claude-code-agent-id header: the subagent's first call");
        }

        if (UtilityKindOf(request) is { } utility)
        {
            return (Utility(utility), false, utility switch
            {
                UtilityKinds.Title => "no tools and a JSON-schema output format: the session title",
                UtilityKinds.QuotaProbe => "max_tokens 1: a probe, its answer unused",
                _ => "no tools: a utility call beside the conversation",
            });
        }

        if (IsCompactionCall(request) is { } compacting)
        {
            return (Utility(UtilityKinds.Compact), false, compacting);
        }

        if (request.CliVersion is { } version && version >= AgentHeaderSince)
        {
            return (Main(), true, $"no x-claude-code-agent-id header (claude-cli {version} sends it on every subagent call)");
        }

        return Infer(request);
    }

    private (CallThread Thread, bool Exact, string Why) Infer(RequestFacts request)
    {
        if (ClaimByPrompt(request.FirstUserTexts) is { } started)
        {
            return (Subagent(request, AgentIdOf(started), exact: false, why: $"its first user message is the prompt of Agent call {started.Call.ToolUseId}", started), false,
                $"first user message equals the prompt of Agent call {started.Call.ToolUseId}");
        }

        if (request.MessageCount > 1 && ClaimByPrompt(request.LastUserTexts) is { } fork)
        {
            return (Subagent(request, AgentIdOf(fork), exact: false, why: $"a fork: its parent's history, then the prompt of Agent call {fork.Call.ToolUseId}", fork), false,
                $"fork: the last user message is the prompt of Agent call {fork.Call.ToolUseId}");
        }

        foreach (var id in request.LastAssistantToolUseIds)
        {
            if (_toolUseThread.TryGetValue(id, out var byToolUse))
            {
                return (byToolUse, false, $"continues its thread: the last assistant message holds tool_use {id} of that thread's response");
            }
        }

        if (request.LastAssistantHash != 0 && _responseHashCall.TryGetValue(request.LastAssistantHash, out var previous))
        {
            return (previous.Thread, false, $"continues its thread: the last assistant message is the response of call {previous.Seq}");
        }

        if (request.FirstMessageHash != 0 && _firstMessageThread.TryGetValue(request.FirstMessageHash, out var byPrefix))
        {
            return (byPrefix, false, "the same first message as the thread's earlier calls");
        }

        if (request.BillingSaysSubagent)
        {
            var id = $"agent-unknown-{++_unknownAgents}";
            return (Subagent(request, id, exact: false, why: "the system prompt's billing line says cc_is_subagent=true; no Agent call matches"), false,
                "the system prompt's billing line says cc_is_subagent=true");
        }

        return (Main(), false, "no subagent signal: the main loop");
    }

    private string? IsCompactionCall(RequestFacts request)
    {
        if (_compactions.IsCompacting(MainId))
        {
            return "between PreCompact and PostCompact: Claude Code's summarising call";
        }

        return request.LastUserTexts.Any(t => t.Contains("<summary>", StringComparison.Ordinal) && t.Contains("Do NOT call any tools", StringComparison.Ordinal))
            ? "its last user message asks for a <summary> without tools: Claude Code's compaction call"
            : null;
    }

    private static string? UtilityKindOf(RequestFacts request)
    {
        if (request.MaxTokens == 1)
        {
            return UtilityKinds.QuotaProbe;
        }

        if (request.ToolCount > 0)
        {
            return null;
        }

        return request.StructuredOutput ? UtilityKinds.Title : UtilityKinds.Other;
    }

    private CallThread Main() => GetOrAdd(MainId, () => new CallThread(MainId, ThreadKinds.Main) { Exact = true, Why = "the session's main loop" });

    private CallThread Utility(string kind)
        => GetOrAdd("utility:" + kind, () => new CallThread("utility:" + kind, ThreadKinds.Utility) { UtilityKind = kind, Exact = true, Why = "utility calls: " + kind });

    private CallThread GetOrAdd(string id, Func<CallThread> create)
    {
        if (!_threads.TryGetValue(id, out var thread))
        {
            thread = create();
            _threads.Add(id, thread);
            _order.Add(thread);
        }

        return thread;
    }
}
