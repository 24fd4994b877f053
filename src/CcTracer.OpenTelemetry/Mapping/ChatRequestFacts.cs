using System.Diagnostics;
using System.Text.Json;
using CcTracer.OpenTelemetry.GenAi;
using CcTracer.Storage;

namespace CcTracer.OpenTelemetry.Mapping;

/// <summary>
/// What a chat span takes from an <c>api_request</c> record, kept until its <c>api_response</c>
/// arrives: the start time, the request parameters as attributes, the links to other spans
/// (Claude Code's <c>traceparent</c>, the subagent id) and, only when content is on, the content.
/// The body itself is not kept: a session has thousands of 100 KB requests.
/// </summary>
internal sealed class ChatRequestFacts
{
    private ChatRequestFacts(string exchangeId, DateTimeOffset start)
    {
        ExchangeId = exchangeId;
        Start = start;
    }

    public string ExchangeId { get; }

    public DateTimeOffset Start { get; }

    public string? Model { get; private set; }

    /// <summary>The subagent that sent it (<c>x-claude-code-agent-id</c>), or null for the main thread.</summary>
    public string? AgentId { get; private set; }

    /// <summary>Claude Code's own span (<c>traceparent</c>), which the chat span joins as its child.</summary>
    public ActivityContext? TraceParent { get; private set; }

    public List<KeyValuePair<string, object?>> Tags { get; } = [];

    public static ChatRequestFacts? From(StoredRecord record, bool includeContent)
    {
        var root = record.Root;
        if (RecordJson.String(root, "kind") != "messages" || RecordJson.String(root, "exchange_id") is not { } exchangeId || record.Timestamp is not { } start)
        {
            return null;
        }

        var facts = new ChatRequestFacts(exchangeId, start)
        {
            AgentId = RecordJson.Header(root, "x-claude-code-agent-id"),
            Model = RecordJson.String(root, "model"),
        };
        if (RecordJson.Header(root, "traceparent") is { } traceparent
            && ActivityContext.TryParse(traceparent, RecordJson.Header(root, "tracestate"), isRemote: true, out var parent))
        {
            facts.TraceParent = parent;
        }

        facts.ReadBody(record, includeContent);
        return facts;
    }

    private void ReadBody(StoredRecord record, bool includeContent)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.GetBody());
        }
        catch (JsonException)
        {
            // Not JSON (truncated at the capture limit, or not a Messages body): the span keeps the envelope's facts.
            return;
        }

        using (document)
        {
            var body = document.RootElement;
            Model ??= RecordJson.String(body, "model");
            Add(GenAiNames.RequestMaxTokens, RecordJson.Long(body, "max_tokens"));
            Add(GenAiNames.RequestStream, RecordJson.Bool(body, "stream"));
            Add(GenAiNames.RequestTemperature, RecordJson.Double(body, "temperature"));
            Add(GenAiNames.RequestTopP, RecordJson.Double(body, "top_p"));
            Add(GenAiNames.RequestTopK, RecordJson.Double(body, "top_k"));
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("stop_sequences", out var stops) && stops.ValueKind == JsonValueKind.Array)
            {
                Add(GenAiNames.RequestStopSequences, stops.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToArray());
            }

            if (includeContent)
            {
                Add(GenAiNames.InputMessages, GenAiContent.InputMessages(body));
                Add(GenAiNames.SystemInstructions, GenAiContent.SystemInstructions(body));
                Add(GenAiNames.ToolDefinitions, GenAiContent.ToolDefinitions(body));
            }
        }
    }

    private void Add(string name, object? value)
    {
        if (value is not null)
        {
            Tags.Add(new(name, value));
        }
    }
}
