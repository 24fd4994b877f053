using System.Buffers;
using System.Text.Json;
using CcTracer.Capture;
using CcTracer.IO;
using CcTracer.Json;
using CcTracer.Secrets;
using CcTracer.Turns;

namespace CcTracer.Storage;

/// <summary>
/// The end of a <c>/v1/*</c> exchange — completed, failed or cancelled — with the decoded body
/// and, for Messages calls, the reassembled turn.
/// </summary>
public sealed class ApiResponseRecord : TraceRecord
{
    private bool? _bodyIsText;
    private byte[]? _maskedBody;

    /// <summary>Creates the record. Headers are redacted when written.</summary>
    public ApiResponseRecord(string? sessionId, string exchangeId, int status, IReadOnlyList<KeyValuePair<string, string>> headers)
        : base(RecordTypes.ApiResponse, sessionId)
    {
        ExchangeId = exchangeId;
        Status = status;
        Headers = headers;
    }

    /// <summary>The request's exchange id.</summary>
    public string ExchangeId { get; }

    /// <summary>Upstream's status, or the tracer's own when upstream failed.</summary>
    public int Status { get; }

    /// <summary>Response headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }

    /// <summary>Upstream's <c>Content-Encoding</c>; the logged body is decoded.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Bytes the client received (encoded, as sent by upstream).</summary>
    public long WireBytes { get; init; }

    /// <summary>Whether the response was <c>text/event-stream</c>.</summary>
    public bool Streamed { get; init; }

    /// <summary>The decoded body: JSON, text, or the exact SSE text.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The body as pooled chunks, used instead of <see cref="Body"/> when set, so a large body
    /// reaches the log without ever being one contiguous copy. Without a <see cref="CapturedBody"/>
    /// the chunks must stay valid until <see cref="SessionLog.Append"/> returns.
    /// </summary>
    internal ReadOnlySequence<byte> BodyChunks { get; init; }

    /// <summary>
    /// The proxy's captured body, which this record then owns: used instead of <see cref="Body"/>
    /// and <see cref="BodyChunks"/>. The record is serialized by the log writer straight into the
    /// file and the body disposed after (or on <see cref="Release"/> if the record is dropped), so
    /// the body is never copied.
    /// </summary>
    internal CapturedBody? CapturedBody { get; init; }

    /// <inheritdoc />
    internal override bool SerializesOnWriter => CapturedBody is not null;

    /// <inheritdoc />
    internal override void Release() => CapturedBody?.Dispose();

    /// <inheritdoc />
    // The wire bytes as the client got them, unless masking changed the body: then the masked,
    // decoded copy (secrets in the wire bytes, compressed or not, must not reach the file).
    internal override ReadOnlySequence<byte>? BodyToStore
        => _maskedBody is not null ? new ReadOnlySequence<byte>(_maskedBody) : CapturedBody?.Wire.AsSequence() ?? BodySequence;

    /// <summary>
    /// Whether the record leaves <c>message</c> out, for readers to rebuild from the stream: the
    /// SSE kept as chunks holds every byte of it. Only a whole, decodable stream can rebuild it.
    /// </summary>
    private bool MessageFromBody
        => StoredBody is not null && Streamed && Turn is { IsStreamed: true } && !BodyTruncated && !BodyUndecodable;

    /// <summary>
    /// Whether the body upstream sent does not decode as its <see cref="ContentEncoding"/> says: <see cref="Body"/>
    /// is then the bytes as received, not decoded, and <see cref="Error"/> says why.
    /// </summary>
    public bool BodyUndecodable { get; init; }

    /// <summary>Whether <see cref="Body"/> was cut at the capture limit.</summary>
    public bool BodyTruncated { get; init; }

    /// <summary>The reassembled turn for <c>/v1/messages</c>; <see langword="null"/> for other paths.</summary>
    public ApiTurn? Turn { get; init; }

    /// <summary>For exchanges without a <see cref="Turn"/>: whether it completed.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>For exchanges without a <see cref="Turn"/>, or a capture fault: what went wrong.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// How the connection failed, when it did (client gone, upstream cut or silent): written as
    /// <c>transport_error</c>, apart from the error the API itself reported.
    /// </summary>
    public string? TransportError { get; init; }

    /// <summary>For exchanges without a <see cref="Turn"/>: time to the response headers.</summary>
    public TimeSpan? TimeToFirstByte { get; init; }

    /// <summary>For exchanges without a <see cref="Turn"/>: time to the end of the body.</summary>
    public TimeSpan? Total { get; init; }

    /// <summary>Problems of the capture itself (not of the exchange): the client was unaffected.</summary>
    public IReadOnlyList<string> CaptureWarnings { get; init; } = [];

    /// <inheritdoc />
    private protected override void MaskSecrets(SecretMasker masker, MaskReport report)
    {
        Headers = MaskedHeaders.Of(Headers, masker, report);
        if (!masker.MaskBodies)
        {
            return;
        }

        // A rebuilt text that held a secret means the stream may hold it in pieces, split across
        // deltas, where no byte scan sees it: the deltas are masked joined, as the turn has them,
        // before the byte scan (which would otherwise mask only a piece and leave the rest).
        if (Turn is not null && TurnMasking.Mask(Turn, masker, "body", report) && Streamed
            && SseDeltaMasking.Mask(BodySequence.Contiguous(), masker, report) is { } deltas)
        {
            SetMaskedBody(deltas, report);
        }

        // The captured body stays owned (and freed) as before: the turn's unmasked long texts
        // may still refer to it; only what is written comes from the masked copy.
        if (masker.MaskBytes(BodySequence, "body", report) is { } masked)
        {
            SetMaskedBody(masked, report);
        }
    }

    private void SetMaskedBody(byte[] masked, MaskReport report)
    {
        _maskedBody = masked;
        _bodyIsText = null;
        report.BodyMasked = true;
    }

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer) => WriteFields(writer, rawOutput: null);

    /// <inheritdoc />
    internal override void WriteFields(Utf8JsonWriter writer, IBufferWriter<byte>? rawOutput)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteFieldsCore(writer, rawOutput);
    }

    /// <summary>The record's <c>complete</c>: the exchange as a whole succeeded, not only the stream.</summary>
    internal bool RecordedComplete
        => (Turn?.IsComplete ?? Complete) && Error is null && TransportError is null;

    /// <summary>
    /// The record's <c>error</c>. With a turn: an error the API sent in the stream is the reason itself;
    /// how the connection then ended is <c>transport_error</c>, never in its place.
    /// </summary>
    internal string? RecordedError
        => Turn is not { } turn ? Error ?? TransportError
            : turn.ErrorObject is not null ? Join(turn.Error, Error)
            : Join(Join(Error, TransportError), turn.Error);

    private ReadOnlySequence<byte> BodySequence
        => _maskedBody is not null ? new ReadOnlySequence<byte>(_maskedBody) : CapturedBody?.Bytes ?? (BodyChunks.IsEmpty ? new ReadOnlySequence<byte>(Body) : BodyChunks);

    private bool BodyIsText => _bodyIsText ??= Utf8Sequence.IsValid(BodySequence);

    private void WriteFieldsCore(Utf8JsonWriter writer, IBufferWriter<byte>? rawOutput)
    {
        writer.WriteString("exchange_id", ExchangeId);
        writer.WriteNumber("status", Status);
        HeaderJson.Write(writer, "headers", Headers, Masking is not null);
        WriteRateLimits(writer);
        if (ContentEncoding is not null)
        {
            writer.WriteString("content_encoding", ContentEncoding);
        }

        if (BodyUndecodable)
        {
            writer.WriteBoolean("body_undecodable", true);
        }

        writer.WriteNumber("wire_bytes", WireBytes);
        writer.WriteBoolean("streamed", Streamed);
        var body = BodySequence;
        if (StoredBody is { } stored)
        {
            if (CapturedBody is { KeptDecoded: true } && _maskedBody is null)
            {
                // The chunks hold the bytes as the client got them; readers decode them.
                writer.WriteBoolean("body_encoded", true);
            }

            BodyJson.WriteChunks(writer, stored, BodyTruncated);
        }
        else if (Streamed)
        {
            // SSE is text by nature; keeping it as a string keeps the exact frames.
            writer.WriteNumber("body_bytes", body.Length);
            if (BodyTruncated)
            {
                writer.WriteBoolean("body_truncated", true);
            }

            if (BodyIsText)
            {
                if (rawOutput is { } output)
                {
                    RawJsonString.WriteProperty(writer, output, "body_text", body);
                }
                else
                {
                    LongJsonString.WriteProperty(writer, "body_text", body);
                }
            }
            else
            {
                writer.WriteBase64String("body_base64", body.Contiguous());
            }
        }
        else
        {
            // Non-streamed bodies are whole JSON documents that must be checked and embedded as one.
            BodyJson.Write(writer, body.Contiguous(), BodyTruncated);
        }

        if (Turn is not null)
        {
            WriteTurnWithRawTexts(writer, Turn, rawOutput);
            if (Turn.Warnings.Count > 0)
            {
                writer.WriteStartArray("warnings");
                foreach (var warning in Turn.Warnings)
                {
                    writer.WriteStringValue(warning);
                }

                writer.WriteEndArray();
            }
        }
        else
        {
            writer.WriteBoolean("complete", RecordedComplete);
            writer.WriteString("error", RecordedError);
            WriteTransportError(writer);
            writer.WriteStartObject("timings");
            WriteMs(writer, "ttfb_ms", TimeToFirstByte);
            WriteMs(writer, "total_ms", Total);
            writer.WriteEndObject();
        }

        if (CaptureWarnings.Count > 0)
        {
            writer.WriteStartArray("capture_warnings");
            foreach (var warning in CaptureWarnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }
    }

    private void WriteTurnWithRawTexts(Utf8JsonWriter writer, ApiTurn turn, IBufferWriter<byte>? rawOutput)
    {
        // Long texts that refer to the kept body copy their deltas' escaped bytes into the output
        // as they are; only from a body that is valid UTF-8, so no delta can put invalid bytes in
        // the log.
        var rawTexts = rawOutput is not null && Streamed && turn.BodyTexts is not null && BodyIsText ? rawOutput : null;

        // The transport or the capture failed: the turn may still look complete (every event up
        // to message_stop arrived) but the exchange as a whole did not succeed, so the record
        // must say complete:false and why.
        turn.WriteRecordProperties(writer, RecordedComplete, RecordedError, rawTexts, MessageFromBody);
        WriteTransportError(writer);
    }

    private void WriteTransportError(Utf8JsonWriter writer)
    {
        if (TransportError is not null)
        {
            writer.WriteString("transport_error", TransportError);
        }
    }

    private static string? Join(string? first, string? second)
        => first is null || second is null || first == second ? first ?? second : $"{first}; {second}";

    private void WriteRateLimits(Utf8JsonWriter writer)
    {
        var started = false;
        foreach (var (name, value) in Headers)
        {
            if (!name.Equals("request-id", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("anthropic-ratelimit-", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("retry-after", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject("rate_limits");
                started = true;
            }

            writer.WriteString(name.ToLowerInvariant(), value);
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    /// <summary>Writes a time of an exchange without a turn, as its record's <c>timings</c> hold it.</summary>
    internal static void WriteMs(Utf8JsonWriter writer, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v.TotalMilliseconds, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
