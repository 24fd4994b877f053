using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Json;

namespace CcTracer.Storage;

/// <summary>
/// Writes a captured body in the most faithful form a JSONL line can hold
/// (docs/record-schema.md, "Bodies"): embedded JSON when that keeps every byte, else the exact
/// text, else base64.
/// </summary>
internal static class BodyJson
{
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> body, bool truncated = false, string prefix = "")
    {
        writer.WriteNumber(prefix + "body_bytes", body.Length);
        if (truncated)
        {
            writer.WriteBoolean(prefix + "body_truncated", true);
        }

        if (body.IsEmpty)
        {
            return;
        }

        if (!Utf8.IsValid(body))
        {
            writer.WriteBase64String(prefix + "body_base64", body);
            return;
        }

        // A raw newline would split the JSONL line; JSON strings cannot contain one, so any CR/LF
        // is whitespace and the body is kept as exact text instead.
        if (!truncated && body.IndexOfAny((byte)'\r', (byte)'\n') < 0 && IsJson(body))
        {
            writer.WritePropertyName(prefix + "body");
            writer.WriteRawValue(body, skipInputValidation: true);
            return;
        }

        LongJsonString.WriteProperty(writer, prefix + "body_text", body);
    }

    /// <summary>Writes a body kept as chunks: its length, digest and chunk ids (docs/record-schema.md, "Chunks").</summary>
    public static void WriteChunks(Utf8JsonWriter writer, StoredBody body, bool truncated)
    {
        writer.WriteNumber("body_bytes", body.Length);
        if (truncated)
        {
            writer.WriteBoolean("body_truncated", true);
        }

        writer.WriteString("body_sha256", body.Sha256);
        if (body.FromSeq > 0)
        {
            writer.WriteStartObject("body_chunks_from");
            writer.WriteNumber("seq", body.FromSeq);
            writer.WriteNumber("count", body.FromCount);
            writer.WriteEndObject();
        }

        writer.WriteStartArray("body_chunks");
        for (var i = body.FromSeq > 0 ? body.FromCount : 0; i < body.ChunkIds.Count; i++)
        {
            writer.WriteStringValue(body.ChunkIds[i]);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads a body back from any of the three forms; empty when there is none.</summary>
    public static byte[] Read(JsonElement record, string prefix = "")
    {
        if (record.TryGetProperty(prefix + "body", out var json))
        {
            return Encoding.UTF8.GetBytes(json.GetRawText());
        }

        if (record.TryGetProperty(prefix + "body_text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return Encoding.UTF8.GetBytes(text.GetString()!);
        }

        if (record.TryGetProperty(prefix + "body_base64", out var b64) && b64.ValueKind == JsonValueKind.String)
        {
            return b64.GetBytesFromBase64();
        }

        return [];
    }

    internal static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 512 });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed == utf8.Length || utf8[(int)reader.BytesConsumed..].Trim(" \t"u8).IsEmpty;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
