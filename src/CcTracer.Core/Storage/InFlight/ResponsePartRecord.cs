using System.Buffers;
using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// A <c>response_part</c> line (docs/record-schema.md, "In-flight responses"): wire bytes of a
/// response still streaming, handed to the log as they arrive. The exchange's <c>api_response</c>
/// later refers to the same chunks, so nothing is stored twice.
/// </summary>
internal sealed class ResponsePartRecord : TraceRecord
{
    public ResponsePartRecord(string sessionId, string exchangeId, long offset, ReadOnlyMemory<byte> bytes, int status, string? contentEncoding)
        : base(RecordTypes.ResponsePart, sessionId)
    {
        ExchangeId = exchangeId;
        Offset = offset;
        Bytes = bytes;
        Status = status;
        ContentEncoding = contentEncoding;
    }

    public string ExchangeId { get; }

    /// <summary>Where <see cref="Bytes"/> start in the response body.</summary>
    public long Offset { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public int Status { get; }

    public string? ContentEncoding { get; }

    /// <inheritdoc />
    internal override bool SerializesOnWriter => true;

    /// <inheritdoc />
    internal override ReadOnlySequence<byte>? BodyToStore => new ReadOnlySequence<byte>(Bytes);

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("exchange_id", ExchangeId);
        writer.WriteNumber("status", Status);
        if (ContentEncoding is not null)
        {
            writer.WriteString("content_encoding", ContentEncoding);
        }

        writer.WriteNumber("offset", Offset);
        writer.WriteNumber("body_bytes", Bytes.Length);
        writer.WriteStartArray("body_chunks");
        foreach (var id in StoredBody?.ChunkIds ?? [])
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }
}
