using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CcTracer.Export;

/// <summary>
/// A session's conversation as Markdown, to paste into an issue: per thread (the main conversation, each
/// subagent by its <c>x-claude-code-agent-id</c> header, and side calls that start a conversation of their
/// own), each call's new messages and then its answer, with token counts. Each request repeats the whole
/// conversation so far, so only what it adds past the previous call of the same thread is written.
/// </summary>
internal static class MarkdownTranscript
{
    public static async Task WriteAsync(string sessionPath, Stream output, ExportOptions options, CancellationToken cancellationToken)
    {
        var threads = new List<Thread>();
        string? sessionId = null;
        await foreach (var exchange in SessionExchange.ReadAsync(sessionPath, cancellationToken).ConfigureAwait(false))
        {
            sessionId ??= exchange.Request.SessionId;
            if (SessionExchange.Text(exchange.Request.Root, "kind") is not (null or "messages"))
            {
                continue;
            }

            using var body = ParseBody(SessionExchange.Body(exchange.Request), options.NoContent);
            if (body is null || !body.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var thread = ThreadOf(threads, exchange.RequestHeader("x-claude-code-agent-id"), messages);
            thread.Append(exchange, body.RootElement, messages, options.NoContent);
        }

        var text = new StringBuilder();
        text.Append("# Claude Code session `").Append(sessionId ?? Path.GetFileNameWithoutExtension(sessionPath)).Append("`\n\n");
        text.Append("_Transcript exported by cc-tracer ").Append(options.ToolVersion);
        text.Append(options.NoContent ? " without content: each text is replaced by its size and SHA-256._\n\n" : "._\n\n");
        if (threads.Count == 0)
        {
            text.Append("No Messages API calls were recorded in this session.\n");
        }

        foreach (var thread in threads)
        {
            text.Append(thread.Text);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static JsonDocument? ParseBody(byte[] body, bool noContent)
    {
        try
        {
            return JsonDocument.Parse(noContent ? ContentStripper.Strip(body) : body, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The thread a request continues: same agent, same first message; else a new one.</summary>
    private static Thread ThreadOf(List<Thread> threads, string? agentId, JsonElement messages)
    {
        var first = messages.GetArrayLength() > 0 ? Fingerprint(messages[0]) : "empty";
        var thread = threads.Find(t => t.AgentId == agentId && t.FirstMessage == first);
        if (thread is null)
        {
            var main = agentId is null && !threads.Exists(t => t.AgentId is null);
            var title = agentId is not null ? $"Subagent `{agentId}`" : main ? "Main conversation" : "Side call";
            thread = new Thread(agentId, first, title);
            threads.Add(thread);
        }

        return thread;
    }

    /// <summary>A message's identity across calls: Claude Code moves <c>cache_control</c> marks from call to call.</summary>
    private static string Fingerprint(JsonElement message)
    {
        var text = new StringBuilder();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject().Where(p => p.Name != "cache_control"))
                    {
                        text.Append(p.Name).Append(':');
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                default:
                    text.Append(e.GetRawText()).Append(';');
                    break;
            }
        }

        Walk(message);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed class Thread(string? agentId, string firstMessage, string title)
    {
        private int _written;
        private int _calls;

        public string? AgentId { get; } = agentId;

        public string FirstMessage { get; } = firstMessage;

        public StringBuilder Text { get; } = new();

        public void Append(SessionExchange exchange, JsonElement body, JsonElement messages, bool noContent)
        {
            if (_calls++ == 0)
            {
                Text.Append("## ").Append(title).Append("\n\n");
                if (body.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String)
                {
                    Text.Append("Model: `").Append(model.GetString()).Append("`\n\n");
                }
            }

            var count = messages.GetArrayLength();
            if (count < _written)
            {
                // Fewer messages than already written: the conversation was compacted or rewound.
                Text.Append("> _The conversation was compacted here: ").Append(count).Append(" message(s) carried on._\n\n");
                _written = Math.Max(0, count - 1);
            }

            for (var i = _written; i < count; i++)
            {
                MarkdownMessages.Write(Text, messages[i]);
            }

            var response = exchange.Response?.Root;
            if (response is { } r && r.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                using var shown = noContent ? JsonDocument.Parse(ContentStripper.Strip(message)) : null;
                MarkdownMessages.Write(Text, shown?.RootElement ?? message, Usage(r));
                _written = count + 1;
            }
            else
            {
                var status = response is { } res && res.TryGetProperty("status", out var s) ? s.GetRawText() : "none";
                Text.Append("> _Call ").Append(exchange.ExchangeId).Append(" got no message (status ").Append(status).Append(")._\n\n");
                _written = count;
            }
        }

        private static string Usage(JsonElement response)
        {
            if (!response.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            {
                return string.Empty;
            }

            long Get(string name) => usage.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
            return $"{Get("input_tokens")} in · {Get("output_tokens")} out · {Get("cache_read_input_tokens")} cache read · {Get("cache_creation_input_tokens")} cache write";
        }
    }
}
