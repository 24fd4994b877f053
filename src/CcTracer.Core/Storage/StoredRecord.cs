using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// A record read back from a session log: its envelope, and the exact line as stored. Records of
/// types this version does not know are returned like any other (forward compatibility).
/// </summary>
public sealed class StoredRecord
{
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 512 };
    private readonly JsonDocument _stored;
    private readonly ReadOnlyMemory<byte> _storedLine;
    private readonly ChunkSource? _chunks;
    private ReadOnlyMemory<byte>? _line;
    private JsonDocument? _document;

    internal StoredRecord(ReadOnlyMemory<byte> line, JsonDocument document, ChunkSource? chunks = null)
    {
        _storedLine = line;
        _stored = document;
        _chunks = chunks;
        var root = document.RootElement;

        // Registered as the record is met, so records after it can refer to its chunk list.
        chunks?.Register(root);
        if (!RecordMaterializer.IsNeeded(root))
        {
            _line = line;
            _document = document;
        }

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

    /// <summary>
    /// The record as one JSON line (no newline), in the v1 shape: the stored line itself, or for a
    /// v2 record whose body is kept as chunks, the line with its body (and a streamed response's
    /// <c>message</c>) put back, built on first use.
    /// </summary>
    public ReadOnlyMemory<byte> Line => _line ??= RecordMaterializer.Materialize(_stored.RootElement, _chunks);

    /// <summary>The parsed record, in the v1 shape (see <see cref="Line"/>).</summary>
    public JsonElement Root => (_document ??= JsonDocument.Parse(Line, ReadOptions)).RootElement;

    /// <summary>Whether the record is of a type that carries a body (<c>api_request</c>, <c>api_response</c>, <c>hook_rejected</c>).</summary>
    public bool HasBody => Type is RecordTypes.ApiRequest or RecordTypes.ApiResponse or RecordTypes.HookRejected;

    /// <summary>The bytes of the line as stored in the file.</summary>
    internal ReadOnlyMemory<byte> StoredLine => _storedLine;

    /// <summary>
    /// The body exactly as it went over the wire — what upstream received for a request, what the
    /// client received for a response (still encoded if it was) — with the SHA-256 taken at
    /// capture; see <see cref="ExactBody"/>.
    /// </summary>
    public ExactBody GetExactBody()
    {
        var stored = _stored.RootElement;
        string? sha = stored.TryGetProperty("body_sha256", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        if (RecordMaterializer.ExactBody(stored, _chunks) is { } exact)
        {
            return new ExactBody(exact, sha, Exact: true);
        }

        if (stored.TryGetProperty("body_chunks", out _))
        {
            return new ExactBody(null, sha, Exact: false);
        }

        // v1: a request's body is what upstream received; a response's is decoded when it came encoded.
        var encoded = stored.TryGetProperty("content_encoding", out var ce) && ce.ValueKind == JsonValueKind.String
            && !(stored.TryGetProperty("body_undecodable", out var u) && u.ValueKind == JsonValueKind.True)
            && !ce.ValueEquals("identity");
        return new ExactBody(GetBody(), sha, Exact: !encoded);
    }

    /// <summary>
    /// A body in any of the schema's three forms (<c>body</c>, <c>body_text</c>,
    /// <c>body_base64</c>), as the bytes that were captured; empty when there is none.
    /// </summary>
    public byte[] GetBody() => BodyJson.Read(Root);

    /// <summary>Tries to parse a line; <see langword="null"/> with a reason when it is not a JSON object.</summary>
    internal static StoredRecord? TryParse(ReadOnlyMemory<byte> line, out string? error, ChunkSource? chunks = null)
    {
        try
        {
            var document = JsonDocument.Parse(line, ReadOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                error = "not a JSON object";
                return null;
            }

            error = null;
            return new StoredRecord(line, document, chunks);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }
}
