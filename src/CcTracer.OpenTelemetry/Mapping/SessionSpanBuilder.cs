using System.Diagnostics;
using System.Text.Json;
using CcTracer.OpenTelemetry.GenAi;
using CcTracer.Storage;

namespace CcTracer.OpenTelemetry.Mapping;

/// <summary>
/// Turns a session's records, in log order, into GenAI spans with their recorded times: one trace
/// per session under an <c>invoke_agent</c> span, a <c>chat</c> span per API call and an
/// <c>execute_tool</c> span per tool call. The same code serves a recorded session (every record,
/// then <see cref="CompleteAll"/>) and a live one (records as they are written): each span is
/// created when the record that ends it arrives, except the session and tool spans, which stay
/// open until their end arrives because later spans are their children.
/// </summary>
internal sealed class SessionSpanBuilder
{
    private readonly SpanFactory _spans;
    private readonly bool _includeContent;
    private readonly Dictionary<string, OpenSession> _sessions = new(StringComparer.Ordinal);

    public SessionSpanBuilder(SpanFactory spans, bool includeContent)
    {
        _spans = spans;
        _includeContent = includeContent;
    }

    public int ChatSpans { get; private set; }

    public int ToolSpans { get; private set; }

    public int SessionSpans { get; private set; }

    /// <summary>Sessions whose trace is still open.</summary>
    public int OpenSessions => _sessions.Count;

    public void Add(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Timestamp is not { } at)
        {
            return;
        }

        var session = SessionOf(record.SessionId, at);
        session.Last = at;
        switch (record.Type)
        {
            case "api_request":
                if (ChatRequestFacts.From(record, _includeContent) is { } request)
                {
                    session.PendingChats[request.ExchangeId] = request;
                }

                break;
            case "api_response":
                AddChat(session, record, at);
                break;
            case "hook":
                AddHook(session, record, at);
                break;
        }
    }

    /// <summary>Ends every open span (sessions that did not end, tools that never finished) at the last time seen.</summary>
    public void CompleteAll()
    {
        foreach (var session in _sessions.Values.ToList())
        {
            EndSession(session, session.Last);
        }
    }

    private OpenSession SessionOf(string sessionId, DateTimeOffset at)
    {
        if (_sessions.TryGetValue(sessionId, out var existing))
        {
            return existing;
        }

        var root = _spans.Start($"{GenAiNames.InvokeAgent} {GenAiNames.ClaudeCode}", ActivityKind.Internal, default, at,
        [
            new(GenAiNames.OperationName, GenAiNames.InvokeAgent),
            new(GenAiNames.ProviderName, GenAiNames.Anthropic),
            new(GenAiNames.AgentName, GenAiNames.ClaudeCode),
            new(GenAiNames.ConversationId, sessionId),
        ]);
        var session = new OpenSession(sessionId, root);
        _sessions[sessionId] = session;
        return session;
    }

    private void AddChat(OpenSession session, StoredRecord record, DateTimeOffset at)
    {
        var response = record.Root;
        var exchangeId = RecordJson.String(response, "exchange_id");
        if (exchangeId is null || !session.PendingChats.Remove(exchangeId, out var request))
        {
            // No messages request (count_tokens, other paths, or its record was lost): no chat span.
            return;
        }

        var totalMs = RecordJson.Double(RecordJson.Object(response, "timings"), "total_ms");
        var end = totalMs is { } ms ? request.Start.AddMilliseconds(ms) : at;
        var parent = request.TraceParent
            ?? (request.AgentId is { } agent && session.AgentSpans.TryGetValue(agent, out var agentSpan) ? agentSpan : session.Context);
        List<KeyValuePair<string, object?>> tags =
        [
            new(GenAiNames.OperationName, GenAiNames.Chat),
            new(GenAiNames.ProviderName, GenAiNames.Anthropic),
            new(GenAiNames.ConversationId, session.Id),
            new(GenAiNames.ExchangeId, exchangeId),
        ];
        if (request.Model is { } model)
        {
            tags.Add(new(GenAiNames.RequestModel, model));
        }

        if (request.AgentId is { } agentId)
        {
            tags.Add(new(GenAiNames.AgentId, agentId));
        }

        tags.AddRange(request.Tags);
        var span = _spans.Start(request.Model is null ? GenAiNames.Chat : $"{GenAiNames.Chat} {request.Model}", ActivityKind.Client, parent, request.Start, tags);
        if (span is null)
        {
            return;
        }

        var (errorType, errorMessage) = ChatSpanTags.AddResponse(span, response, _includeContent);
        if (errorType is not null)
        {
            span.SetTag(GenAiNames.ErrorType, errorType);
            span.SetStatus(ActivityStatusCode.Error, errorMessage);
        }

        foreach (var toolUseId in ToolUseIds(response))
        {
            session.ChatByToolUse[toolUseId] = span.Context;
        }

        SpanFactory.End(span, end);
        ChatSpans++;
    }

    private void AddHook(OpenSession session, StoredRecord record, DateTimeOffset at)
    {
        var root = record.Root;
        var payload = RecordJson.Object(root, "payload");
        var toolUseId = RecordJson.String(root, "tool_use_id") ?? RecordJson.String(payload, "tool_use_id");
        switch (RecordJson.String(root, "event"))
        {
            case "PreToolUse" when toolUseId is not null && !session.OpenTools.ContainsKey(toolUseId):
                StartTool(session, toolUseId, payload, at);
                break;
            case "PostToolUse" or "PostToolUseFailure" when toolUseId is not null && session.OpenTools.Remove(toolUseId, out var tool):
                EndTool(tool, payload, RecordJson.String(root, "event") == "PostToolUseFailure", at);
                break;
            case "SubagentStart" when RecordJson.String(payload, "agent_id") is { } agentId:
                // The hook names the agent but not the Agent tool call that started it: the oldest
                // Agent call still waiting for its subagent is the one (docs/opentelemetry.md).
                if (session.AgentCallsWaiting.Count > 0)
                {
                    session.AgentSpans[agentId] = session.AgentCallsWaiting.Dequeue();
                }

                break;
            case "SessionEnd":
                EndSession(session, at);
                break;
        }
    }

    private void StartTool(OpenSession session, string toolUseId, JsonElement payload, DateTimeOffset at)
    {
        var name = RecordJson.String(payload, "tool_name") ?? "unknown";
        var parent = session.ChatByToolUse.TryGetValue(toolUseId, out var chat) ? chat : session.Context;
        List<KeyValuePair<string, object?>> tags =
        [
            new(GenAiNames.OperationName, GenAiNames.ExecuteTool),
            new(GenAiNames.ToolName, name),
            new(GenAiNames.ToolCallId, toolUseId),
            new(GenAiNames.ToolType, "function"),
            new(GenAiNames.ConversationId, session.Id),
        ];
        if (RecordJson.String(payload, "agent_id") is { } agentId)
        {
            tags.Add(new(GenAiNames.AgentId, agentId));
        }

        if (_includeContent && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("tool_input", out var input))
        {
            tags.Add(new(GenAiNames.ToolCallArguments, input.GetRawText()));
        }

        var span = _spans.Start($"{GenAiNames.ExecuteTool} {name}", ActivityKind.Internal, parent, at, tags);
        if (span is null)
        {
            return;
        }

        session.OpenTools[toolUseId] = span;
        if (name is "Agent" or "Task")
        {
            session.AgentCallsWaiting.Enqueue(span.Context);
        }
    }

    private void EndTool(Activity tool, JsonElement payload, bool failed, DateTimeOffset at)
    {
        if (failed)
        {
            tool.SetTag(GenAiNames.ErrorType, "tool_error");
            tool.SetStatus(ActivityStatusCode.Error, RecordJson.String(payload, "error"));
        }

        if (_includeContent && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("tool_response", out var result))
        {
            tool.SetTag(GenAiNames.ToolCallResult, result.GetRawText());
        }

        SpanFactory.End(tool, at);
        ToolSpans++;
    }

    private void EndSession(OpenSession session, DateTimeOffset at)
    {
        foreach (var tool in session.OpenTools.Values)
        {
            SpanFactory.End(tool, at);
            ToolSpans++;
        }

        session.OpenTools.Clear();
        if (session.Root is { } root)
        {
            SpanFactory.End(root, at);
            SessionSpans++;
        }

        _sessions.Remove(session.Id);
    }

    private static IEnumerable<string> ToolUseIds(JsonElement response)
    {
        var message = RecordJson.Object(response, "message");
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (RecordJson.String(block, "type") is "tool_use" or "server_tool_use" or "mcp_tool_use" && RecordJson.String(block, "id") is { } id)
            {
                yield return id;
            }
        }
    }

    /// <summary>One session's open spans and the links between its records.</summary>
    private sealed class OpenSession(string id, Activity? root)
    {
        public string Id { get; } = id;

        public Activity? Root { get; } = root;

        public ActivityContext Context => Root?.Context ?? default;

        public DateTimeOffset Last { get; set; }

        public Dictionary<string, ChatRequestFacts> PendingChats { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ActivityContext> ChatByToolUse { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Activity> OpenTools { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ActivityContext> AgentSpans { get; } = new(StringComparer.Ordinal);

        public Queue<ActivityContext> AgentCallsWaiting { get; } = new();
    }
}
