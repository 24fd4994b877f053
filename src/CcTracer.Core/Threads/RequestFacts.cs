using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>
/// What attribution needs from one <c>api_request</c>: the agent header, the shape that marks a
/// utility call, and hashes of the history (first message, system prompt, cumulative messages).
/// Extracted once, so the document of the body can go.
/// </summary>
internal sealed class RequestFacts
{
    public required long Seq { get; init; }

    public required string ExchangeId { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string Kind { get; init; } = ApiKinds.Messages;

    /// <summary><c>x-claude-code-agent-id</c>: exact subagent attribution (2.1.332 and later).</summary>
    public string? AgentHeader { get; init; }

    /// <summary>The <c>claude-cli/X.Y.Z</c> version of <c>User-Agent</c>, when it is Claude Code.</summary>
    public Version? CliVersion { get; init; }

    public int ToolCount { get; init; } = -1;

    public int MaxTokens { get; init; } = -1;

    /// <summary>An <c>output_config.format</c> (a JSON-schema output: the session title call).</summary>
    public bool StructuredOutput { get; init; }

    /// <summary>The system prompt's billing line says <c>cc_is_subagent=true</c>.</summary>
    public bool BillingSaysSubagent { get; init; }

    public ulong SystemHash { get; init; }

    /// <summary>The first message; 0 when there is none.</summary>
    public ulong FirstMessageHash { get; init; }

    /// <summary>The text blocks of the first user message (a subagent's prompt is one of them).</summary>
    public IReadOnlyList<string> FirstUserTexts { get; init; } = [];

    /// <summary>The text blocks of the last user message (a fork's directive is one of them).</summary>
    public IReadOnlyList<string> LastUserTexts { get; init; } = [];

    public int MessageCount { get; init; }

    /// <summary>
    /// Cumulative <see cref="ContentHash.BlockKey"/>s of the user and assistant messages' blocks: the
    /// conversation, as a resumed session repeats it. Only when asked for (<c>withConversation</c>): it
    /// walks every message, which attribution itself never needs.
    /// </summary>
    public IReadOnlyList<ulong> ConversationKeys { get; init; } = [];

    /// <summary>Hash of the last assistant message's content, 0 without one.</summary>
    public ulong LastAssistantHash { get; init; }

    /// <summary>tool_use ids in the last assistant message.</summary>
    public IReadOnlyList<string> LastAssistantToolUseIds { get; init; } = [];

    public static RequestFacts From(StoredRecord record, bool withConversation = false)
    {
        var root = record.Root;
        var headers = root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
        var exchange = Json.String(root, "exchange_id") ?? $"seq-{record.Seq}";
        var kind = Json.String(root, "kind") ?? ApiKinds.Messages;
        var facts = new Builder(withConversation);
        if (root.TryGetProperty("body", out var embedded) && embedded.ValueKind == JsonValueKind.Object)
        {
            facts.Read(embedded);
        }
        else if (record.GetBody() is { Length: > 0 } body && body[0] == (byte)'{')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                facts.Read(document.RootElement);
            }
            catch (JsonException)
            {
                // Not JSON: attribution goes by headers and order alone.
            }
        }

        return new RequestFacts
        {
            Seq = record.Seq,
            ExchangeId = exchange,
            Timestamp = record.Timestamp,
            Kind = kind,
            AgentHeader = Header(headers, "x-claude-code-agent-id"),
            CliVersion = CliVersionOf(Header(headers, "user-agent")),
            ToolCount = facts.ToolCount,
            MaxTokens = facts.MaxTokens,
            StructuredOutput = facts.StructuredOutput,
            BillingSaysSubagent = facts.BillingSaysSubagent,
            SystemHash = facts.SystemHash,
            FirstMessageHash = facts.MessageCount > 0 ? facts.FirstMessageHash : 0,
            FirstUserTexts = facts.FirstUserTexts,
            LastUserTexts = facts.LastUserTexts,
            ConversationKeys = facts.Keys,
            MessageCount = facts.MessageCount,
            LastAssistantHash = facts.LastAssistantHash,
            LastAssistantToolUseIds = facts.LastAssistantToolUseIds,
        };
    }

    private static string? Header(JsonElement headers, string name)
    {
        if (headers.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in headers.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static Version? CliVersionOf(string? userAgent)
    {
        const string Prefix = "claude-cli/";
        if (userAgent is null || !userAgent.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = userAgent.IndexOf(' ', StringComparison.Ordinal);
        return Version.TryParse(end < 0 ? userAgent[Prefix.Length..] : userAgent[Prefix.Length..end], out var v) ? v : null;
    }

    private sealed class Builder(bool withConversation)
    {
        public int ToolCount { get; private set; } = -1;

        public int MaxTokens { get; private set; } = -1;

        public bool StructuredOutput { get; private set; }

        public bool BillingSaysSubagent { get; private set; }

        public ulong SystemHash { get; private set; }

        public ulong FirstMessageHash { get; private set; }

        public List<string> FirstUserTexts { get; } = [];

        public int MessageCount { get; private set; }

        public List<string> LastUserTexts { get; } = [];

        public List<ulong> Keys { get; } = [];

        public ulong LastAssistantHash { get; private set; }

        public List<string> LastAssistantToolUseIds { get; } = [];

        public void Read(JsonElement body)
        {
            if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
            {
                ToolCount = tools.GetArrayLength();
            }

            if (body.TryGetProperty("max_tokens", out var max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var m))
            {
                MaxTokens = m;
            }

            StructuredOutput = body.TryGetProperty("output_config", out var output) && output.ValueKind == JsonValueKind.Object
                && output.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object;
            if (body.TryGetProperty("system", out var system))
            {
                ReadSystem(system);
            }

            if (body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                ReadMessages(messages);
            }
        }

        private void ReadSystem(JsonElement system)
        {
            // The billing line carries a per-build hash; everything after it identifies the prompt.
            var hash = ContentHash.Seed;
            if (system.ValueKind == JsonValueKind.String)
            {
                SystemHash = ContentHash.Of(system);
                return;
            }

            if (system.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var block in system.EnumerateArray())
            {
                var text = Json.String(block, "text");
                if (text is not null && text.StartsWith("x-anthropic-billing-header:", StringComparison.Ordinal))
                {
                    BillingSaysSubagent |= text.Contains("cc_is_subagent=true", StringComparison.Ordinal);
                    continue;
                }

                hash = ContentHash.Add(hash, block);
            }

            SystemHash = hash;
        }

        private void ReadMessages(JsonElement messages)
        {
            // Attribution needs the ends of the conversation only: its first message, the last
            // assistant and user messages. Hashing all of it would cost a pass over every byte.
            JsonElement lastAssistant = default;
            JsonElement lastUser = default;
            foreach (var message in messages.EnumerateArray())
            {
                MessageCount++;
                var role = Json.String(message, "role");
                if (MessageCount == 1)
                {
                    FirstMessageHash = ContentHash.Of(message);
                    if (role == "user" && message.TryGetProperty("content", out var content))
                    {
                        AddTexts(content, FirstUserTexts);
                    }
                }

                if (withConversation)
                {
                    AddKeys(role, message);
                }

                if (role == "assistant")
                {
                    lastAssistant = message;
                }
                else if (role == "user")
                {
                    lastUser = message;
                }
            }

            if (MessageCount > 1 && lastUser.ValueKind == JsonValueKind.Object && lastUser.TryGetProperty("content", out var userContent))
            {
                AddTexts(userContent, LastUserTexts);
            }

            if (lastAssistant.ValueKind == JsonValueKind.Object && lastAssistant.TryGetProperty("content", out var last))
            {
                LastAssistantHash = ContentHash.Of(last);
                if (last.ValueKind == JsonValueKind.Array)
                {
                    foreach (var block in last.EnumerateArray())
                    {
                        if (Json.String(block, "type") == "tool_use" && Json.String(block, "id") is { } id)
                        {
                            LastAssistantToolUseIds.Add(id);
                        }
                    }
                }
            }
        }

        private void AddKeys(string? role, JsonElement message)
        {
            if (role is not ("user" or "assistant") || !message.TryGetProperty("content", out var content))
            {
                return;
            }

            IEnumerable<JsonElement> blocks = content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : [content];
            foreach (var block in blocks)
            {
                if (ContentHash.BlockKey(block) is { } key)
                {
                    Keys.Add((Keys.Count > 0 ? Keys[^1] : ContentHash.Seed) * 31 + key);
                }
            }
        }

        private static void AddTexts(JsonElement content, List<string> texts)
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                texts.Add(content.GetString()!);
                return;
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var block in content.EnumerateArray())
            {
                if (Json.String(block, "type") == "text" && Json.String(block, "text") is { } text)
                {
                    texts.Add(text);
                }
            }
        }
    }
}
