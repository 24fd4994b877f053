using System.Buffers;
using System.Text.Json;
using CcTracer.Json;
using CcTracer.Secrets;

namespace CcTracer.Storage;

/// <summary>
/// One line of a session log, before it is written. Subclasses write their own fields; the
/// store adds the envelope (<c>v</c>, <c>seq</c>) so that sequence numbers are assigned in
/// exactly the order records reach the file.
/// </summary>
public abstract class TraceRecord
{
    /// <summary>Creates a record for a session (<see langword="null"/> or empty: unattributed).</summary>
    protected TraceRecord(string type, string? sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        SessionId = SessionIds.Normalize(sessionId);
        Timestamp = DateTimeOffset.UtcNow;
    }

    /// <summary>The record type, e.g. <c>hook</c> or <c>api_response</c>.</summary>
    public string Type { get; }

    /// <summary>The Claude Code session this record belongs to, or <see cref="SessionIds.Unattributed"/>.</summary>
    public string SessionId { get; }

    /// <summary>When the tracer accepted the record (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Writes the type-specific fields (not the envelope) into an open JSON object.</summary>
    protected internal abstract void WriteFields(Utf8JsonWriter writer);

    /// <summary>
    /// Writes the fields as <see cref="WriteFields(Utf8JsonWriter)"/> does; <paramref name="rawOutput"/>,
    /// when given, is the buffer under <paramref name="writer"/>, so long strings can be escaped or
    /// copied straight into it (see <see cref="RawJsonString"/>). Only <see cref="RecordSerializer"/>
    /// passes it, and only while it writes a whole record.
    /// </summary>
    internal virtual void WriteFields(Utf8JsonWriter writer, IBufferWriter<byte>? rawOutput) => WriteFields(writer);

    /// <summary>
    /// Whether the log writer should serialize this record itself, straight into the file, instead
    /// of the caller serializing it on <see cref="SessionLog.Append"/>: for records holding a large
    /// captured body, so no serialized copy of it ever exists in memory.
    /// </summary>
    internal virtual bool SerializesOnWriter => false;

    /// <summary>What masking replaced, once <see cref="ApplyMasking"/> ran (the log runs it on every record it accepts).</summary>
    internal MaskReport? Masking { get; private set; }

    /// <summary>Masks the record's secrets in place, before it is serialized, written or shown; once only.</summary>
    internal void ApplyMasking(SecretMasker masker)
    {
        if (Masking is not null)
        {
            return;
        }

        var report = new MaskReport();
        MaskSecrets(masker, report);
        Masking = report;
    }

    /// <summary>Replaces the secrets in what this record stores (headers, path, body, payload) with markers.</summary>
    private protected virtual void MaskSecrets(SecretMasker masker, MaskReport report)
    {
    }

    /// <summary>
    /// The body to keep as chunks (docs/record-schema.md, "Chunks"), exactly as it went over the
    /// wire; <see langword="null"/> for records that embed what they hold.
    /// </summary>
    internal virtual ReadOnlySequence<byte>? BodyToStore => null;

    /// <summary>
    /// Set by the log writer once the chunks of <see cref="BodyToStore"/> are in the file: the
    /// record then refers to them instead of embedding its body. Unset, it writes the v1 form.
    /// </summary>
    internal StoredBody? StoredBody { get; set; }

    /// <summary>Gives back what the record borrowed (pooled body chunks) once it is written or dropped.</summary>
    internal virtual void Release()
    {
    }
}
