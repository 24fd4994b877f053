using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Storage;

namespace CcTracer.Export;

/// <summary>
/// A session as HAR 1.2 (one entry per API call), for browser DevTools and HAR viewers. Headers are
/// the stored ones (masked at capture); the response body is what Claude Code received, so a streamed
/// call's content is its SSE text. <c>wait</c> is the time to the response's first byte, <c>receive</c>
/// the rest of the stream; the phases the proxy does not see (DNS, connect, TLS) are -1. Entries are
/// written as the log is read, so the session is never held in memory at once.
/// </summary>
internal static class HarWriter
{
    public static async Task WriteAsync(string sessionPath, Stream output, ExportOptions options, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 512 });
        writer.WriteStartObject();
        writer.WriteStartObject("log");
        writer.WriteString("version", "1.2");
        writer.WriteStartObject("creator");
        writer.WriteString("name", "cc-tracer");
        writer.WriteString("version", options.ToolVersion);
        writer.WriteEndObject();
        writer.WriteString("comment", options.NoContent
            ? "Exported by cc-tracer without content: texts are replaced by their size and SHA-256."
            : "Exported by cc-tracer. Headers were masked at capture; response bodies are as Claude Code received them.");
        writer.WriteStartArray("entries");
        await foreach (var exchange in SessionExchange.ReadAsync(sessionPath, cancellationToken).ConfigureAwait(false))
        {
            WriteEntry(writer, exchange, options.NoContent);
            if (writer.BytesPending > 1 << 16)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteEntry(Utf8JsonWriter w, SessionExchange exchange, bool noContent)
    {
        var request = exchange.Request.Root;
        var response = exchange.Response?.Root;
        var timings = response is { } r && r.TryGetProperty("timings", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        var wait = Ms(timings, "ttfb_ms");
        var total = Ms(timings, "total_ms");
        var receive = wait >= 0 && total >= wait ? total - wait : 0;
        w.WriteStartObject();
        w.WriteString("startedDateTime", (exchange.Request.Timestamp ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("time", Math.Max(0, wait) + receive);
        WriteRequest(w, exchange, noContent);
        WriteResponse(w, exchange.Response, noContent);
        w.WriteStartObject("cache");
        w.WriteEndObject();
        w.WriteStartObject("timings");
        w.WriteNumber("blocked", -1);
        w.WriteNumber("dns", -1);
        w.WriteNumber("connect", -1);
        w.WriteNumber("ssl", -1);
        w.WriteNumber("send", 0);
        w.WriteNumber("wait", Math.Max(0, wait));
        w.WriteNumber("receive", receive);
        w.WriteEndObject();
        w.WriteStartObject("_cc_tracer");
        w.WriteString("session_id", exchange.Request.SessionId);
        w.WriteString("exchange_id", exchange.ExchangeId);
        w.WriteNumber("request_seq", exchange.Request.Seq);
        if (exchange.Response is { } res)
        {
            w.WriteNumber("response_seq", res.Seq);
            CopyIf(w, res.Root, "complete");
            CopyIf(w, res.Root, "error", noContent);
            CopyIf(w, res.Root, "usage");
            CopyIf(w, res.Root, "timings");
        }

        CopyIf(w, request, "model");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter w, SessionExchange exchange, bool noContent)
    {
        var root = exchange.Request.Root;
        var path = SessionExchange.Text(root, "path") ?? "/";
        var host = exchange.RequestHeader("Host") ?? "localhost";
        w.WriteStartObject("request");
        w.WriteString("method", SessionExchange.Text(root, "method") ?? "POST");
        w.WriteString("url", "http://" + host + path);
        w.WriteString("httpVersion", "HTTP/1.1");
        w.WriteStartArray("cookies");
        w.WriteEndArray();
        WriteHeaders(w, root, noContent);
        w.WriteStartArray("queryString");
        var query = path.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? path[(q + 1)..] : string.Empty;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            w.WriteStartObject();
            w.WriteString("name", Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]));
            w.WriteString("value", eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var body = SessionExchange.Body(exchange.Request);
        if (body.Length > 0)
        {
            w.WriteStartObject("postData");
            w.WriteString("mimeType", SessionExchange.Header(root, "Content-Type") ?? "application/json");
            w.WriteString("text", noContent ? StripBody(body) : Utf8.IsValid(body) ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body));
            if (!noContent && !Utf8.IsValid(body))
            {
                w.WriteString("comment", "The body is not UTF-8: text holds it as base64.");
            }

            w.WriteEndObject();
        }

        w.WriteNumber("headersSize", -1);
        w.WriteNumber("bodySize", body.Length);
        w.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter w, StoredRecord? record, bool noContent)
    {
        w.WriteStartObject("response");
        if (record is null)
        {
            // The log has no end for this call (the tracer stopped first): HAR still needs a response.
            w.WriteNumber("status", 0);
            w.WriteString("statusText", string.Empty);
            w.WriteString("httpVersion", "HTTP/1.1");
            w.WriteStartArray("cookies");
            w.WriteEndArray();
            w.WriteStartArray("headers");
            w.WriteEndArray();
            w.WriteStartObject("content");
            w.WriteNumber("size", 0);
            w.WriteString("mimeType", "x-unknown");
            w.WriteEndObject();
            w.WriteString("redirectURL", string.Empty);
            w.WriteNumber("headersSize", -1);
            w.WriteNumber("bodySize", -1);
            w.WriteString("comment", "No response was recorded for this call.");
            w.WriteEndObject();
            return;
        }

        var root = record.Root;
        var status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
        var mime = SessionExchange.Header(root, "Content-Type") ?? "x-unknown";
        var body = SessionExchange.Body(record);
        w.WriteNumber("status", status);
        w.WriteString("statusText", HttpStatusText.Of(status));
        w.WriteString("httpVersion", "HTTP/1.1");
        w.WriteStartArray("cookies");
        w.WriteEndArray();
        WriteHeaders(w, root, noContent);
        w.WriteStartObject("content");
        w.WriteNumber("size", body.Length);
        if (noContent)
        {
            // The reassembled message without its texts says more than a hash of the SSE would.
            w.WriteString("mimeType", "application/json");
            w.WriteString("text", root.TryGetProperty("message", out var message) ? Encoding.UTF8.GetString(ContentStripper.Strip(message)) : StripBody(body));
            w.WriteString("comment", $"Content removed: the body ({ContentStripper.Placeholder(body)}) is replaced by its reassembled message without text.");
        }
        else
        {
            w.WriteString("mimeType", mime);
            if (Utf8.IsValid(body))
            {
                w.WriteString("text", Encoding.UTF8.GetString(body));
            }
            else
            {
                w.WriteBase64String("text", body);
                w.WriteString("encoding", "base64");
            }
        }

        w.WriteEndObject();
        w.WriteString("redirectURL", string.Empty);
        w.WriteNumber("headersSize", -1);
        w.WriteNumber("bodySize", root.TryGetProperty("wire_bytes", out var wire) && wire.TryGetInt64(out var n) ? n : body.Length);
        w.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter w, JsonElement record, bool noContent)
    {
        w.WriteStartArray("headers");
        if (record.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                var value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                w.WriteStartObject();
                w.WriteString("name", header.Name);
                w.WriteString("value", noContent ? ContentStripper.HeaderValue(header.Name, value) : value);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    /// <summary>A JSON body keeps its structure without text; anything else is only its size and hash.</summary>
    private static string StripBody(byte[] body)
    {
        try
        {
            return Encoding.UTF8.GetString(ContentStripper.Strip(body));
        }
        catch (JsonException)
        {
            return ContentStripper.Placeholder(body);
        }
    }

    private static double Ms(JsonElement timings, string name)
        => timings.ValueKind == JsonValueKind.Object && timings.TryGetProperty(name, out var v) && v.TryGetDouble(out var ms) ? ms : -1;

    private static void CopyIf(Utf8JsonWriter w, JsonElement from, string name, bool strip = false)
    {
        if (!from.TryGetProperty(name, out var value))
        {
            return;
        }

        w.WritePropertyName(name);
        if (strip)
        {
            ContentStripper.Write(w, value, name);
        }
        else
        {
            value.WriteTo(w);
        }
    }
}
