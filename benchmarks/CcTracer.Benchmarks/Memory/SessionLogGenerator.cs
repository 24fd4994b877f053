using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Streaming;

namespace CcTracer.Benchmarks.Memory;

/// <summary>
/// Writes a large, schema-shaped session log (docs/record-schema.md): turns of PreToolUse hook,
/// api_request (the real 95 KB request body), api_response (SSE body_text + reassembled message)
/// and a PostToolUse hook with a large tool output — the shape of a long Claude Code session.
/// </summary>
internal static class SessionLogGenerator
{
    /// <returns>The number of records written.</returns>
    public static long Write(string path, long targetBytes, int targetRecords)
    {
        var fixture = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("request-first-turn.json")))!;
        var requestBody = Encoding.UTF8.GetBytes(fixture["body"]!.ToJsonString());
        var hook = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("hook-PostToolUse.json")))!.AsObject();
        var turns = Math.Max(1, targetRecords / 4);
        var perTurn = targetBytes / turns;

        // What is left of a turn after the request body goes to the response (SSE + message ≈ 2.3× its text) and the tool output.
        var rest = Math.Max(4096, perTurn - requestBody.Length - 4096);
        var responseText = (int)(rest * 0.8 / 2.3);
        var toolOutput = (int)(rest * 0.2);
        var sse = new BulkScript(responseText, 64);
        var sseText = string.Concat(sse.Pieces().Select(Encoding.UTF8.GetString));
        var messageText = string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", (responseText / 45) + 1))[..responseText];
        var toolStdout = string.Concat(Enumerable.Repeat("-rw-r--r-- 1 dev dev  4096 Nov 25 01:48 src/file.cs\n", (toolOutput / 52) + 1))[..toolOutput];

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { SkipValidation = true });
        long seq = 0;
        var ts = DateTimeOffset.UtcNow.AddHours(-2);
        var session = BenchRequests.SessionId;
        for (var turn = 0; turn < turns; turn++)
        {
            var exchange = "ex_" + turn.ToString("D6", CultureInfo.InvariantCulture);
            var toolUseId = "toolu_" + turn.ToString("D6", CultureInfo.InvariantCulture);

            Line(json, file, ++seq, "api_request", ts, session, w =>
            {
                w.WriteString("exchange_id", exchange);
                w.WriteString("method", "POST");
                w.WriteString("path", "/v1/messages?beta=true");
                w.WriteString("kind", "messages");
                w.WriteStartObject("headers");
                w.WriteString("x-api-key", "sk-ant-api03-…[redacted 108 chars]");
                w.WriteString("anthropic-version", "2023-06-01");
                w.WriteEndObject();
                w.WriteString("model", "claude-sonnet-4-5-20250929");
                w.WriteBoolean("stream", true);
                w.WritePropertyName("body");
                w.WriteRawValue(requestBody, skipInputValidation: true);
                w.WriteNumber("body_bytes", requestBody.Length);
            });
            Line(json, file, ++seq, "api_response", ts, session, w =>
            {
                w.WriteString("exchange_id", exchange);
                w.WriteNumber("status", 200);
                w.WriteStartObject("headers");
                w.WriteString("content-type", "text/event-stream; charset=utf-8");
                w.WriteEndObject();
                w.WriteNull("content_encoding");
                w.WriteBoolean("streamed", true);
                w.WriteString("body_text", sseText);
                w.WriteNumber("body_bytes", sse.TotalBytes);
                w.WriteStartArray("event_offsets_ms");
                for (var i = 0; i < sse.DeltaCount + 5; i++)
                {
                    w.WriteNumberValue(i * 0.8);
                }

                w.WriteEndArray();
                w.WriteStartObject("message");
                w.WriteString("id", "msg_" + exchange);
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", messageText);
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("type", "tool_use");
                w.WriteString("id", toolUseId);
                w.WriteString("name", "Bash");
                w.WriteStartObject("input");
                w.WriteString("command", "ls -la src");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("stop_reason", "tool_use");
                w.WriteEndObject();
                w.WriteBoolean("complete", true);
                w.WriteNull("error");
                w.WriteStartObject("usage");
                w.WriteNumber("input_tokens", 12);
                w.WriteNumber("output_tokens", 4096);
                w.WriteEndObject();
            });
            Line(json, file, ++seq, "hook", ts, session, w =>
            {
                w.WriteString("event", "PreToolUse");
                w.WriteString("tool_use_id", toolUseId);
                w.WriteStartObject("payload");
                w.WriteString("session_id", session);
                w.WriteString("hook_event_name", "PreToolUse");
                w.WriteString("tool_name", "Bash");
                w.WriteString("tool_use_id", toolUseId);
                w.WriteEndObject();
            });
            hook["session_id"] = session;
            hook["tool_use_id"] = toolUseId;
            hook["tool_response"] = new JsonObject { ["stdout"] = toolStdout, ["stderr"] = "", ["interrupted"] = false };
            var payload = Encoding.UTF8.GetBytes(hook.ToJsonString());
            Line(json, file, ++seq, "hook", ts, session, w =>
            {
                w.WriteString("event", "PostToolUse");
                w.WriteString("tool_use_id", toolUseId);
                w.WritePropertyName("payload");
                w.WriteRawValue(payload, skipInputValidation: true);
            });
            ts = ts.AddSeconds(3);
        }

        return seq;
    }

    private static void Line(Utf8JsonWriter json, FileStream file, long seq, string type, DateTimeOffset ts, string session, Action<Utf8JsonWriter> fields)
    {
        json.WriteStartObject();
        json.WriteNumber("v", 1);
        json.WriteNumber("seq", seq);
        json.WriteString("type", type);
        json.WriteString("ts", ts);
        json.WriteString("session_id", session);
        fields(json);
        json.WriteEndObject();
        json.Flush();
        json.Reset();
        file.WriteByte((byte)'\n');
    }
}
