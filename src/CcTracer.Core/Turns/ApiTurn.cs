using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>
/// One Anthropic Messages API exchange, rebuilt: the full Message (streamed or not), whether it finished,
/// why not, its usage, and where the time went. Produced by <see cref="TurnAssembler"/>.
/// </summary>
public sealed class ApiTurn
{
    private readonly JsonObject? _message;
    private readonly Lock _materializeLock = new();
    private volatile bool _materialized;

    internal ApiTurn(TurnTimings timings)
    {
        Timings = timings;
    }

    /// <summary>
    /// The reassembled Message object: every field of <c>message_start</c>'s message (unknown ones too),
    /// <c>content</c> rebuilt from the content blocks, and <c>stop_reason</c>, <c>stop_sequence</c> and
    /// <c>usage</c> updated by <c>message_delta</c>. <see langword="null"/> when no message arrived (e.g. an error response).
    /// </summary>
    public JsonObject? Message
    {
        get
        {
            // Long texts are held as UTF-8 chunks until someone reads the message as JSON nodes.
            if (!_materialized)
            {
                lock (_materializeLock)
                {
                    if (!_materialized)
                    {
                        ChunkedText.MaterializeAll(_message);
                        _materialized = true;
                    }
                }
            }

            return _message;
        }

        internal init => _message = value;
    }

    /// <summary>The message as held, long texts still chunked: for masking, which must not materialize them.</summary>
    internal JsonObject? HeldMessage => _message;

    /// <summary>The kept body the turn's long texts refer to, when the proxy assembled it from one.</summary>
    internal BodyTextSource? BodyTexts { get; init; }

    /// <summary>Whether the stream reached <c>message_stop</c> without an <c>error</c> event (for a non-streamed response: a 2xx Message).</summary>
    public bool IsComplete { get; internal init; }

    /// <summary>Whether the response was a <c>text/event-stream</c> (and <see cref="Events"/> lists its events).</summary>
    public bool IsStreamed { get; internal init; }

    /// <summary>
    /// Why the turn is incomplete: the <c>error</c> event's or error body's message (also when the exchange then
    /// failed, see <see cref="Failure"/>), else the failure reason or the truncation. <see langword="null"/> when complete.
    /// </summary>
    public string? Error { get; internal init; }

    /// <summary>The <c>error</c> object of the stream's <c>error</c> event or of the HTTP error body, when there was one.</summary>
    public JsonObject? ErrorObject { get; internal init; }

    /// <summary>Why the exchange failed (the reason given to <see cref="TurnAssembler.Fail"/>), apart from any API error; <see langword="null"/> when it did not.</summary>
    public string? Failure { get; internal init; }

    /// <summary>
    /// Ordinals (in <see cref="Events"/>) of events whose data could not be applied, e.g. invalid JSON: what
    /// they carried is missing from <see cref="Message"/>, even when the turn is complete.
    /// </summary>
    public IReadOnlyList<int> DamagedEvents { get; internal init; } = [];

    /// <summary>Whether some event's content is missing from <see cref="Message"/> (see <see cref="DamagedEvents"/>).</summary>
    public bool IsDamaged => DamagedEvents.Count > 0;

    /// <summary>The message's final <c>stop_reason</c>, e.g. <c>end_turn</c> or <c>tool_use</c>.</summary>
    public string? StopReason { get; internal init; }

    /// <summary>The final usage: <c>message_start</c>'s usage with every non-null field of <c>message_delta</c>'s usage applied. It is the same node as <see cref="Message"/>'s <c>usage</c>.</summary>
    public JsonObject? Usage { get; internal init; }

    /// <summary>Time to first byte and token, total, per-block and stall timings.</summary>
    public TurnTimings Timings { get; }

    /// <summary>Every SSE event in arrival order, including <c>ping</c> and unknown types: the <c>event_offsets_ms</c> of the log.</summary>
    public IReadOnlyList<SseEventTiming> Events { get; internal init; } = [];

    /// <summary>Events of a type the assembler does not know, as received (a JSON string node when the data was not JSON).</summary>
    public IReadOnlyList<JsonNode> UnknownEvents { get; internal init; } = [];

    /// <summary>Problems met while rebuilding (malformed data, invalid tool input, unknown deltas, truncation, ...). Never fatal.</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    /// <summary>Indexes of the content blocks whose <c>input_json_delta</c> fragments were not valid JSON; their <c>input</c> is the raw string.</summary>
    public IReadOnlyList<int> InvalidInputBlocks { get; internal init; } = [];

    /// <summary>Whether the content block at <paramref name="blockIndex"/> had tool input that was not valid JSON (kept raw).</summary>
    public bool IsInputInvalid(int blockIndex) => InvalidInputBlocks.Contains(blockIndex);

    /// <summary>Writes <see cref="Message"/> as a JSON value (<c>null</c> when absent).</summary>
    public void WriteMessage(Utf8JsonWriter writer) => WriteMessage(writer, rawTexts: null);

    /// <summary>
    /// Writes the message; with <paramref name="rawTexts"/> (the buffer under <paramref name="writer"/>),
    /// long texts that refer to the body copy its escaped bytes straight in.
    /// </summary>
    internal void WriteMessage(Utf8JsonWriter writer, IBufferWriter<byte>? rawTexts)
    {
        // Under the lock so a reader materializing the texts cannot change the tree mid-write.
        lock (_materializeLock)
        {
            if (rawTexts is not null && _message is not null)
            {
                ChunkedText.WriteTree(writer, _message, rawTexts);
            }
            else
            {
                WriteNode(writer, _message);
            }
        }
    }

    /// <summary>
    /// Reads the message as it is held, long texts still as <see cref="ChunkedText"/> (no text is
    /// materialized), under the lock that keeps a reader materializing them from changing the tree.
    /// </summary>
    internal void ReadHeldMessage<TState>(TState state, Action<JsonObject?, TState> read)
    {
        lock (_materializeLock)
        {
            read(_message, state);
        }
    }

    /// <summary>Writes <see cref="Usage"/> as a JSON value (<c>null</c> when absent).</summary>
    public void WriteUsage(Utf8JsonWriter writer) => WriteNode(writer, Usage);

    /// <summary>Writes the event arrival offsets as a JSON array of milliseconds (the log's <c>event_offsets_ms</c>).</summary>
    public void WriteEventOffsets(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (SseEventTiming e in Events)
        {
            writer.WriteNumberValue(Milliseconds(e.Offset));
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>event_offsets_ms</c> for a streamed turn.</summary>
    internal void WriteEventOffsetsProperty(Utf8JsonWriter writer)
    {
        if (IsStreamed)
        {
            writer.WritePropertyName("event_offsets_ms");
            WriteEventOffsets(writer);
        }
    }

    /// <summary>
    /// Writes <see cref="Timings"/> as the log's <c>timings</c> object:
    /// <c>{ttfb_ms, ttft_ms, total_ms, blocks:[{index,type,start_ms,end_ms}], stalls:[{at_ms,gap_ms}]}</c>,
    /// milliseconds as numbers rounded to 0.001, absent times as <c>null</c>.
    /// </summary>
    public void WriteTimings(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteMilliseconds(writer, "ttfb_ms", Timings.TimeToFirstByte);
        WriteMilliseconds(writer, "ttft_ms", Timings.TimeToFirstToken);
        WriteMilliseconds(writer, "total_ms", Timings.Total);
        writer.WriteStartArray("blocks");
        foreach (BlockTiming block in Timings.Blocks)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", block.Index);
            writer.WriteString("type", block.Type);
            WriteMilliseconds(writer, "start_ms", block.Start);
            WriteMilliseconds(writer, "end_ms", block.End);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("stalls");
        foreach (StallTiming stall in Timings.Stalls)
        {
            writer.WriteStartObject();
            WriteMilliseconds(writer, "at_ms", stall.At);
            WriteMilliseconds(writer, "gap_ms", stall.Gap);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes this turn's properties of an <c>api_response</c> record into the object the caller has started:
    /// <c>event_offsets_ms</c> (streamed only), <c>message</c>, <c>complete</c>, <c>error</c>, <c>api_error</c>
    /// (when the API sent one), <c>damaged</c> and <c>damaged_events</c> (when damaged), <c>timings</c>, <c>usage</c>.
    /// </summary>
    public void WriteRecordProperties(Utf8JsonWriter writer) => WriteRecordProperties(writer, IsComplete, Error);

    /// <summary>
    /// The record properties with the exchange's verdict: <c>complete</c> and <c>error</c> may say
    /// more than the stream alone. With <c>messageFromBody</c>, <c>"message_from_body":true</c> is
    /// written in place of the message: readers rebuild it from the stored stream.
    /// </summary>
    internal void WriteRecordProperties(Utf8JsonWriter writer, bool complete, string? error, IBufferWriter<byte>? rawTexts = null, bool messageFromBody = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteEventOffsetsProperty(writer);
        if (messageFromBody)
        {
            writer.WriteBoolean("message_from_body", true);
        }
        else
        {
            writer.WritePropertyName("message");
            WriteMessage(writer, rawTexts);
        }

        writer.WriteBoolean("complete", complete);
        if (error is null)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteString("error", error);
        }

        if (ErrorObject is not null)
        {
            // The API's own words, structured (type, message, ...), apart from how the transport ended.
            writer.WritePropertyName("api_error");
            ErrorObject.WriteTo(writer);
        }

        if (IsDamaged)
        {
            writer.WriteBoolean("damaged", true);
            writer.WriteStartArray("damaged_events");
            foreach (int ordinal in DamagedEvents)
            {
                writer.WriteNumberValue(ordinal);
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("timings");
        WriteTimings(writer);
        writer.WritePropertyName("usage");
        WriteUsage(writer);
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    internal static void WriteMilliseconds(Utf8JsonWriter writer, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Milliseconds(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static double Milliseconds(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3, MidpointRounding.AwayFromZero);
}
