using System.Buffers;
using System.Text.Json;
using CcTracer.Json;

namespace CcTracer.Storage;

/// <summary>
/// Follows the <c>response_part</c> lines of a file as it is read. A response whose parts are not
/// closed by its <c>api_response</c> was cut off by a tracer that died mid-stream (kill -9, power
/// loss): readers show it as an <c>api_response</c> with <c>interrupted: true</c>, its body being
/// the bytes persisted before the end and its message rebuilt from them.
/// </summary>
internal sealed class InterruptedResponses
{
    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"response_part\""u8;

    private readonly Dictionary<string, Open> _open = new(StringComparer.Ordinal);

    /// <summary>Whether any response is still open.</summary>
    public bool Any => _open.Count > 0;

    /// <summary>Whether a stored line is a <c>response_part</c> line.</summary>
    public static bool IsPart(ReadOnlySpan<byte> line) => line.StartsWith(Prefix);

    /// <summary>Takes in a part line; false when it is not one that can be read.</summary>
    public bool AddPart(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var exchange = root.GetProperty("exchange_id").GetString()!;
            if (!_open.TryGetValue(exchange, out var open))
            {
                _open[exchange] = open = new Open(
                    root.GetProperty("session_id").GetString()!,
                    root.GetProperty("status").GetInt32(),
                    root.TryGetProperty("content_encoding", out var ce) ? ce.GetString() : null);
            }

            open.Timestamp = root.GetProperty("ts").GetString();
            open.Length = root.GetProperty("offset").GetInt64() + root.GetProperty("body_bytes").GetInt64();
            foreach (var id in root.GetProperty("body_chunks").EnumerateArray())
            {
                open.Ids.Add(id.GetString()!);
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>An exchange's <c>api_response</c> was met: its parts are closed.</summary>
    public void Close(string exchangeId) => _open.Remove(exchangeId);

    /// <summary>Closes the exchange of a record line, if the line is an <c>api_response</c>.</summary>
    public void CloseIfResponse(ReadOnlySpan<byte> line)
    {
        if (_open.Count == 0 || line.IndexOf("\"type\":\"api_response\""u8) < 0)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 512 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.TryGetProperty("exchange_id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                Close(id.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>
    /// The stored (v2) lines of the responses still open, numbered from <paramref name="nextSeq"/>,
    /// leaving out those <paramref name="inFlight"/> says are still streaming in this process.
    /// </summary>
    public List<byte[]> Lines(long nextSeq, Func<string, bool>? inFlight = null)
    {
        var lines = new List<byte[]>();
        foreach (var (exchange, open) in _open)
        {
            if (inFlight?.Invoke(exchange) == true)
            {
                continue;
            }

            var buffer = new ArrayBufferWriter<byte>(256 + open.Ids.Count * 20);
            using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteNumber("v", RecordTypes.SchemaVersion);
                writer.WriteNumber("seq", nextSeq++);
                writer.WriteString("type", RecordTypes.ApiResponse);
                writer.WriteString("ts", open.Timestamp);
                writer.WriteString("session_id", open.SessionId);
                writer.WriteString("exchange_id", exchange);
                writer.WriteNumber("status", open.Status);
                writer.WriteStartObject("headers");
                writer.WriteEndObject();
                if (open.ContentEncoding is not null)
                {
                    writer.WriteString("content_encoding", open.ContentEncoding);
                    writer.WriteBoolean("body_encoded", true);
                }

                writer.WriteNumber("wire_bytes", open.Length);
                writer.WriteBoolean("streamed", true);
                writer.WriteNumber("body_bytes", open.Length);
                writer.WriteBoolean("body_truncated", true);
                writer.WriteStartArray("body_chunks");
                foreach (var id in open.Ids)
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("message_from_body", true);
                writer.WriteBoolean("complete", false);
                writer.WriteString("error", "interrupted: the tracer stopped while this response was streaming (killed?); the body is what was persisted before");
                writer.WriteBoolean("interrupted", true);
                writer.WriteEndObject();
            }

            lines.Add(buffer.WrittenSpan.ToArray());
        }

        return lines;
    }

    private sealed class Open(string sessionId, int status, string? contentEncoding)
    {
        public string SessionId { get; } = sessionId;

        public int Status { get; } = status;

        public string? ContentEncoding { get; } = contentEncoding;

        public string? Timestamp { get; set; }

        public long Length { get; set; }

        public List<string> Ids { get; } = [];
    }
}
