using System.Text.Json;
using CcTracer.Hooks;
using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>The subagent half: Agent calls (from responses and hooks), subagent threads, and what hooks tell.</summary>
internal sealed partial class ThreadAttributor
{
    private CallThread Subagent(RequestFacts request, string id, bool exact, string why, PendingAgentCall? started = null)
    {
        started ??= _agentToolUse.TryGetValue(id, out var toolUseId) && _agentCalls.TryGetValue(toolUseId, out var linked) && linked.ThreadId is null
            ? linked
            : ClaimByPrompt(request.FirstUserTexts);
        var thread = new CallThread(id, ThreadKinds.Subagent) { Exact = exact, Why = why };
        if (!id.StartsWith("agent-unknown-", StringComparison.Ordinal) && !id.StartsWith("agent:", StringComparison.Ordinal))
        {
            thread.AgentId = id;
            _byAgentId[id] = thread;
        }

        if (started is not null)
        {
            Apply(thread, started);
            thread.Why = $"{why}; started by Agent call {started.Call.ToolUseId}";
        }

        if (thread.AgentId is { } agentId && _agentTypes.TryGetValue(agentId, out var type))
        {
            thread.AgentType = type;
        }

        _threads[id] = thread;
        _order.Add(thread);
        return thread;
    }

    private string AgentIdOf(PendingAgentCall call)
    {
        foreach (var (agentId, toolUseId) in _agentToolUse)
        {
            if (toolUseId == call.Call.ToolUseId && !_byAgentId.ContainsKey(agentId))
            {
                return agentId;
            }
        }

        return "agent:" + call.Call.ToolUseId;
    }

    private PendingAgentCall? ClaimByPrompt(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return null;
        }

        foreach (var pending in _agentCalls.Values)
        {
            if (pending.ThreadId is null && pending.Call.Prompt is { Length: > 0 } prompt && texts.Any(t => string.Equals(t.Trim(), prompt.Trim(), StringComparison.Ordinal)))
            {
                return pending;
            }
        }

        return null;
    }

    private static void Apply(CallThread thread, PendingAgentCall started)
    {
        started.ThreadId = thread.Id;
        thread.ToolUseId = started.Call.ToolUseId;
        thread.Description ??= started.Call.Description;
        thread.Prompt ??= started.Call.Prompt;
        thread.AgentType ??= started.Call.SubagentType;
        thread.Parent = started.ParentId;
    }

    private void RegisterAgentCall(AgentCall call, string? parentId, bool fromHook)
    {
        if (!_agentCalls.TryGetValue(call.ToolUseId, out var pending))
        {
            pending = new PendingAgentCall(call, parentId ?? MainId);
            _agentCalls.Add(call.ToolUseId, pending);
        }
        else
        {
            pending.Call = pending.Call with
            {
                Prompt = pending.Call.Prompt ?? call.Prompt,
                Description = pending.Call.Description ?? call.Description,
                SubagentType = pending.Call.SubagentType ?? call.SubagentType,
            };

            // A hook's agent_id names the caller exactly; a response's thread may be inferred.
            if (parentId is not null && (fromHook || !pending.ParentFromHook))
            {
                pending.ParentId = parentId;
            }
        }

        pending.ParentFromHook |= fromHook && parentId is not null;
        if (pending.ThreadId is { } threadId && _threads.TryGetValue(threadId, out var thread))
        {
            Apply(thread, pending);
        }
    }

    private void AddHook(StoredRecord record)
    {
        var root = HookPayload.Read(record, out var owned);
        using (owned)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var eventName = Json.String(root, "hook_event_name") ?? Json.String(record.Root, "event");
            var agentId = Json.String(root, "agent_id");
            if (agentId is not null && Json.String(root, "agent_type") is { } agentType)
            {
                _agentTypes[agentId] = agentType;
                if (_byAgentId.TryGetValue(agentId, out var known))
                {
                    known.AgentType ??= agentType;
                }
            }

            var callerId = agentId is null ? null : _byAgentId.TryGetValue(agentId, out var caller) ? caller.Id : agentId;
            switch (eventName)
            {
                case HookEventNames.PreToolUse or HookEventNames.PostToolUse when AgentCall.IsAgentTool(Json.String(root, "tool_name")) && Json.String(root, "tool_use_id") is { } toolUseId:
                    RegisterAgentCall(AgentCall.FromInput(toolUseId, Json.Object(root, "tool_input")), callerId, fromHook: true);
                    if (Json.String(Json.Object(root, "tool_response"), "agentId") is { } startedAgent)
                    {
                        LinkAgent(startedAgent, toolUseId);
                    }

                    break;
                case HookEventNames.SessionStart:
                    _sessionStarts.Add((record.Seq, Json.String(root, "source") ?? "unknown"));
                    break;
                case HookEventNames.PreCompact or HookEventNames.PostCompact:
                    var thread = callerId is not null && _threads.TryGetValue(callerId, out var t) ? t : _threads.GetValueOrDefault(MainId);
                    _compactions.Hook(callerId ?? MainId, thread?.LastCall, eventName == HookEventNames.PostCompact, Json.String(root, "trigger"), Json.String(root, "compact_summary"), record.Seq);
                    break;
            }
        }
    }

    /// <summary>PostToolUse of an Agent call names the agent it started: an exact link both ways.</summary>
    private void LinkAgent(string agentId, string toolUseId)
    {
        _agentToolUse[agentId] = toolUseId;
        if (_byAgentId.TryGetValue(agentId, out var thread))
        {
            if (thread.ToolUseId is null && _agentCalls.TryGetValue(toolUseId, out var pending) && pending.ThreadId is null)
            {
                Apply(thread, pending);
                thread.Why += $"; started by Agent call {toolUseId} (its PostToolUse names the agent)";
            }

            return;
        }

        if (_agentCalls.TryGetValue(toolUseId, out var call) && call.ThreadId is { } threadId && _threads.TryGetValue(threadId, out var inferred) && inferred.AgentId is null)
        {
            inferred.AgentId = agentId;
            _byAgentId[agentId] = inferred;
            if (_agentTypes.TryGetValue(agentId, out var type))
            {
                inferred.AgentType ??= type;
            }
        }
    }

    private sealed class PendingAgentCall(AgentCall call, string parentId)
    {
        public AgentCall Call { get; set; } = call;

        public string ParentId { get; set; } = parentId;

        public bool ParentFromHook { get; set; }

        /// <summary>The thread this call started, once its first request came.</summary>
        public string? ThreadId { get; set; }
    }
}

/// <summary>A hook record's payload, whichever form the log kept it in.</summary>
internal static class HookPayload
{
    /// <summary>The payload object (undefined when unreadable); <paramref name="owned"/> is a document to dispose when it had to be parsed.</summary>
    public static JsonElement Read(StoredRecord record, out JsonDocument? owned)
    {
        owned = null;
        var root = record.Root;
        if (root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
        {
            return payload;
        }

        if (Json.String(root, "payload_text") is not { } text)
        {
            return default;
        }

        try
        {
            owned = JsonDocument.Parse(text);
            return owned.RootElement;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
