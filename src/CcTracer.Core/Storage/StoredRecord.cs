using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// A record read back from a session log: its envelope, and the exact line as stored. Records of
/// types this version does not know are returned like any other (forward compatibility).
/// </summary>
public sealed class StoredRecord
{
    private JsonDocument? _document;

    internal StoredRecord(ReadOnlyMemory<byte> line, JsonDocument document)
    {
        Line = line;
        _document = document;
        var root = document.RootElement;
        // A field of the wrong kind reads as absent: TryGet* throws on it, which would end the
        // whole session's read at one hand-edited line.
        Seq = root.TryGetProperty("seq", out var seq) && seq.ValueKind == JsonValueKind.Number && seq.TryGetInt64(out var s) ? s : 0;
        Type = root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "unknown";
        SessionId = root.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString()! : SessionIds.Unattributed;
        Timestamp = root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String && ts.TryGetDateTimeOffset(out var t) ? t : null;
        SchemaVersion = root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) ? version : 0;
    }

    /// <summary>The record's sequence number in its file.</summary>
    public long Seq { get; }

    /// <summary>The record type (see <see cref="RecordTypes"/>; others are kept as they are).</summary>
    public string Type { get; }

    /// <summary>The session it belongs to.</summary>
    public string SessionId { get; }

    /// <summary>When the tracer accepted it.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The schema version (<c>v</c>).</summary>
    public int SchemaVersion { get; }

    /// <summary>The exact bytes of the stored line (no newline).</summary>
    public ReadOnlyMemory<byte> Line { get; }

    /// <summary>The parsed record.</summary>
    public JsonElement Root => (_document ??= JsonDocument.Parse(Line)).RootElement;

    /// <summary>
    /// A body in any of the schema's three forms (<c>body</c>, <c>body_text</c>,
    /// <c>body_base64</c>), as the bytes that were captured; empty when there is none.
    /// </summary>
    public byte[] GetBody() => BodyJson.Read(Root);

    /// <summary>Tries to parse a line; <see langword="null"/> with a reason when it is not a JSON object.</summary>
    internal static StoredRecord? TryParse(ReadOnlyMemory<byte> line, out string? error)
    {
        try
        {
            var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 512 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                error = "not a JSON object";
                return null;
            }

            error = null;
            return new StoredRecord(line, document);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }
}
