using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>What attribution needs from one <c>api_response</c>: its Agent calls, its content, its size, and any compaction.</summary>
internal sealed class ResponseFacts
{
    public required long Seq { get; init; }

    public required string ExchangeId { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Hash of <c>message.content</c>, as the next request of the thread would echo it; 0 without a message.</summary>
    public ulong ContentHash { get; init; }

    public IReadOnlyList<string> ToolUseIds { get; init; } = [];

    /// <summary><see cref="Threads.ContentHash.BlockKey"/> of each block of the message.</summary>
    public IReadOnlyList<ulong> BlockKeys { get; init; } = [];

    public IReadOnlyList<AgentCall> AgentCalls { get; init; } = [];

    public string? StopReason { get; init; }

    /// <summary>The text of a <c>compaction</c> block, when the API compacted the context itself.</summary>
    public string? CompactionSummary { get; init; }

    public bool HasCompactionBlock { get; init; }

    /// <summary>The context the call was given: input, cache-read and cache-creation tokens; null without usage.</summary>
    public long? ContextTokens { get; init; }

    public static ResponseFacts From(StoredRecord record)
    {
        var root = record.Root;
        var message = Json.Object(root, "message");
        var toolUseIds = new List<string>();
        var agentCalls = new List<AgentCall>();
        var keys = new List<ulong>();
        string? compaction = null;
        var hasCompaction = false;
        ulong hash = 0;
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            hash = Threads.ContentHash.Of(content);
            foreach (var block in content.EnumerateArray())
            {
                if (Threads.ContentHash.BlockKey(block) is { } key)
                {
                    keys.Add(key);
                }

                switch (Json.String(block, "type"))
                {
                    case "tool_use" when Json.String(block, "id") is { } id:
                        toolUseIds.Add(id);
                        if (AgentCall.IsAgentTool(Json.String(block, "name")))
                        {
                            agentCalls.Add(AgentCall.FromInput(id, Json.Object(block, "input")));
                        }

                        break;
                    case "compaction":
                        hasCompaction = true;
                        compaction ??= Json.String(block, "content");
                        break;
                }
            }
        }

        var usage = Json.Object(root, "usage");
        if (usage.ValueKind != JsonValueKind.Object)
        {
            usage = Json.Object(message, "usage");
        }

        long? context = usage.ValueKind == JsonValueKind.Object
            ? (Json.Int64(usage, "input_tokens") ?? 0) + (Json.Int64(usage, "cache_read_input_tokens") ?? 0) + (Json.Int64(usage, "cache_creation_input_tokens") ?? 0)
            : null;
        return new ResponseFacts
        {
            Seq = record.Seq,
            ExchangeId = Json.String(root, "exchange_id") ?? $"seq-{record.Seq}",
            Timestamp = record.Timestamp,
            ContentHash = hash,
            ToolUseIds = toolUseIds,
            BlockKeys = keys,
            AgentCalls = agentCalls,
            StopReason = Json.String(message, "stop_reason") ?? Json.String(root, "stop_reason"),
            CompactionSummary = compaction,
            HasCompactionBlock = hasCompaction,
            ContextTokens = context,
        };
    }
}
