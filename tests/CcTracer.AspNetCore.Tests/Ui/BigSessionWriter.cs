using System.Text;
using System.Text.Json;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// Writes a long session straight into a log directory, in the record schema: cycles of
/// PreToolUse, a large api_request, its api_response and PostToolUse, every record carrying about
/// <c>bodyBytes</c> of text (a long conversation's request, a Read tool's file, a long answer).
/// Writing the file directly takes a second where driving 200 MB through the proxy would take
/// far longer, and the UI cannot tell the difference.
/// </summary>
internal static class BigSessionWriter
{
    public const int RecordsPerCycle = 4;

    /// <summary>Writes <paramref name="cycles"/> × 4 records; returns the file's size in bytes.</summary>
    public static long Write(string logDirectory, string sessionId, int cycles, int bodyBytes)
    {
        var path = Path.Combine(logDirectory, sessionId + ".jsonl");
        var filler = Filler(bodyBytes);
        var t = DateTimeOffset.UtcNow.AddHours(-2);
        long seq = 0;
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            void Line(string type, Action<Utf8JsonWriter> fields)
            {
                writer.Reset(file);
                writer.WriteStartObject();
                writer.WriteNumber("v", 1);
                writer.WriteNumber("seq", ++seq);
                writer.WriteString("type", type);
                writer.WriteString("ts", t.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("session_id", sessionId);
                fields(writer);
                writer.WriteEndObject();
                writer.Flush();
                file.WriteByte((byte)'\n');
                t = t.AddMilliseconds(900);
            }

            for (var i = 0; i < cycles; i++)
            {
                var toolUseId = $"toolu_big_{i:D5}";
                var exchangeId = $"ex_big_{i:D5}";
                Line("hook", w =>
                {
                    w.WriteString("event", "PreToolUse");
                    w.WriteString("tool_use_id", toolUseId);
                    w.WriteStartObject("payload");
                    w.WriteString("session_id", sessionId);
                    w.WriteString("hook_event_name", "PreToolUse");
                    w.WriteString("tool_name", "Read");
                    w.WriteStartObject("tool_input");
                    w.WriteString("file_path", $"/home/dev/project/src/file{i:D5}.cs");
                    w.WriteString("note", filler);
                    w.WriteEndObject();
                    w.WriteString("tool_use_id", toolUseId);
                    w.WriteEndObject();
                });
                Line("api_request", w =>
                {
                    w.WriteString("exchange_id", exchangeId);
                    w.WriteString("method", "POST");
                    w.WriteString("path", "/v1/messages?beta=true");
                    w.WriteString("kind", "messages");
                    w.WriteStartObject("headers");
                    w.WriteString("content-type", "application/json");
                    w.WriteString("x-api-key", "sk-ant-api03-…[redacted 108 chars]");
                    w.WriteEndObject();
                    w.WriteString("model", "claude-opus-4-8");
                    w.WriteBoolean("stream", true);
                    w.WritePropertyName("body");
                    var bodyStart = writer.BytesCommitted + writer.BytesPending;
                    w.WriteStartObject();
                    w.WriteString("model", "claude-opus-4-8");
                    w.WriteBoolean("stream", true);
                    w.WriteNumber("max_tokens", 32000);
                    w.WriteStartArray("system");
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", "You are an interactive agent that helps users with software engineering tasks.");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartArray("messages");
                    w.WriteStartObject();
                    w.WriteString("role", "user");
                    w.WriteStartArray("content");
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", $"step {i}: " + filler);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteNumber("body_bytes", writer.BytesCommitted + writer.BytesPending - bodyStart);
                });
                Line("api_response", w =>
                {
                    w.WriteString("exchange_id", exchangeId);
                    w.WriteNumber("status", 200);
                    w.WriteBoolean("streamed", false);
                    w.WriteBoolean("complete", true);
                    w.WriteNull("error");
                    w.WriteStartObject("timings");
                    w.WriteNumber("ttfb_ms", 420 + (i % 7 * 50));
                    w.WriteNumber("ttft_ms", 700 + (i % 5 * 40));
                    w.WriteNumber("total_ms", 780 + (i % 3 * 100));
                    w.WriteEndObject();
                    w.WriteStartObject("usage");
                    w.WriteNumber("input_tokens", 6);
                    w.WriteNumber("output_tokens", 250 + i);
                    w.WriteNumber("cache_read_input_tokens", 18_650 + (i * 120));
                    w.WriteNumber("cache_creation_input_tokens", 320);
                    w.WriteEndObject();
                    w.WriteStartObject("message");
                    w.WriteString("id", $"msg_big_{i:D5}");
                    w.WriteString("type", "message");
                    w.WriteString("role", "assistant");
                    w.WriteString("model", "claude-opus-4-8");
                    w.WriteStartArray("content");
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", $"answer {i}: " + filler);
                    w.WriteEndObject();
                    w.WriteStartObject();
                    w.WriteString("type", "tool_use");
                    w.WriteString("id", toolUseId);
                    w.WriteString("name", "Read");
                    w.WriteStartObject("input");
                    w.WriteString("file_path", $"/home/dev/project/src/file{i:D5}.cs");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteString("stop_reason", "tool_use");
                    w.WriteEndObject();
                });
                Line("hook", w =>
                {
                    w.WriteString("event", "PostToolUse");
                    w.WriteString("tool_use_id", toolUseId);
                    w.WriteStartObject("payload");
                    w.WriteString("session_id", sessionId);
                    w.WriteString("hook_event_name", "PostToolUse");
                    w.WriteString("tool_name", "Read");
                    w.WriteStartObject("tool_input");
                    w.WriteString("file_path", $"/home/dev/project/src/file{i:D5}.cs");
                    w.WriteEndObject();
                    w.WriteString("tool_response", filler);
                    w.WriteString("tool_use_id", toolUseId);
                    w.WriteNumber("duration_ms", 3 + (i % 11));
                    w.WriteEndObject();
                });
            }
        }

        return new FileInfo(path).Length;
    }

    /// <summary>Source-like text of about <paramref name="bytes"/> bytes, with newlines and quotes to escape like real files.</summary>
    private static string Filler(int bytes)
    {
        var sb = new StringBuilder(bytes + 100);
        var n = 0;
        while (sb.Length < bytes)
        {
            sb.Append("    public int Method").Append(n++).Append("(string \"name\") => name.Length * ").Append(n % 97).Append(";\n");
        }

        return sb.ToString();
    }
}
