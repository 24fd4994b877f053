using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Buffers;
using CcTracer.Sse;

namespace CcTracer.Turns;

/// <summary>
/// Rebuilds a streamed Anthropic Messages response (<c>text/event-stream</c>) into the full Message,
/// incrementally, as decoded response bytes arrive in arbitrary chunks.
/// </summary>
/// <remarks>
/// <para>
/// Event rules: <c>message_start</c> gives the message (every field kept); <c>content_block_start</c> adds a
/// block exactly as given (unknown block types too); <c>content_block_delta</c> merges <c>text_delta</c>,
/// <c>thinking_delta</c>, <c>signature_delta</c> (replaces the signature, as the SDKs do),
/// <c>input_json_delta</c> (fragments concatenated and parsed once, at <c>content_block_stop</c>, into
/// <c>input</c>) and <c>citations_delta</c> (appended to the block's <c>citations</c> array);
/// <c>message_delta</c> copies every field of its <c>delta</c> (<c>stop_reason</c>, <c>stop_sequence</c>, ...)
/// and any other top-level field onto the message and merges its <c>usage</c> (non-null fields win);
/// <c>message_delta</c> may come several times: its usage is cumulative, so each field takes the latest value
/// (never a sum); <c>compaction_delta</c> appends its <c>content</c> and sets <c>encrypted_content</c>;
/// blocks without deltas (server tool results, <c>mcp_tool_result</c>, <c>container_upload</c>,
/// <c>fallback</c>) stay as <c>content_block_start</c> gave them;
/// <c>message_stop</c> marks the turn complete; <c>error</c> marks it incomplete and keeps the error;
/// <c>ping</c> only counts.
/// </para>
/// <para>
/// Unknown event types are kept raw in <see cref="ApiTurn.UnknownEvents"/>. A delta of an unknown type is
/// kept raw, in arrival order, in an array under the key <c>cctracer_unknown_deltas</c> of the block it
/// targets (so it is visible in the logged message next to the content it belongs to) and reported once per
/// block and type in <see cref="ApiTurn.Warnings"/>. Fields other than the payload of a known delta are not
/// kept: a delta has no place of its own in the Message.
/// </para>
/// <para>
/// No method throws on bad input: malformed event data, invalid tool input, truncation and events out of
/// order become <see cref="ApiTurn.Warnings"/>; an event whose data could not be applied also marks the turn
/// damaged (<see cref="ApiTurn.DamagedEvents"/>). Text stays UTF-8 in pooled buffers until a block stops, so a
/// delta event costs no managed allocation beyond its entry in <see cref="ApiTurn.Events"/>.
/// </para>
/// <para>
/// Not thread-safe: one thread appends. <see cref="EventCount"/>, <see cref="OutputChars"/> and
/// <see cref="BytesReceived"/> may be read from another thread for live progress.
/// </para>
/// </remarks>
public sealed class TurnAssembler : ISseEventSink
{
    private readonly TimeSpan _stallThreshold;
    private readonly SsePushParser _parser;
    private readonly EventTimingList _events = new();
    private readonly List<string> _warnings = [];
    private readonly ContentBlockSet _blocks;
    private readonly MessageState _message;
    private List<StallTiming>? _stalls;
    private List<int>? _damagedEvents;
    private List<JsonNode>? _unknownEvents;
    private HashSet<string>? _warnedEventTypes;
    private TimeSpan _currentOffset;
    private TimeSpan? _firstByte;
    private TimeSpan? _lastEventOffset;
    private int _eventCount;
    private long _bytesReceived;
    private ApiTurn? _result;

    /// <summary>Creates an assembler with the default options (stalls are gaps over two seconds).</summary>
    public TurnAssembler()
        : this(null)
    {
    }

    /// <summary>Creates an assembler with the given options.</summary>
    /// <param name="options">Tuning; <see langword="null"/> for the defaults.</param>
    public TurnAssembler(TurnAssemblerOptions? options)
    {
        _stallThreshold = options?.StallThreshold ?? TurnAssemblerOptions.DefaultStallThreshold;
        _parser = new SsePushParser(this);
        _blocks = new ContentBlockSet(_warnings);
        _message = new MessageState(_warnings);
    }

    /// <summary>SSE events applied so far, including <c>ping</c>, unknown and malformed ones.</summary>
    public int EventCount => Volatile.Read(ref _eventCount);

    /// <summary>UTF-16 characters of text, thinking and tool input JSON received so far.</summary>
    public long OutputChars => _blocks.OutputChars;

    /// <summary>Decoded response bytes appended so far.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>
    /// The caller keeps every byte it appends, in order from the first, in <paramref name="body"/>
    /// until the turn is written: long texts then refer to their deltas there instead of copying
    /// them (before the first <see cref="Append"/>). The caller marks the returned source released
    /// when it frees the body.
    /// </summary>
    internal BodyTextSource ReferTextsTo(ChunkedBuffer body)
    {
        var source = new BodyTextSource(body);
        _blocks.BodySource = source;
        return source;
    }

    /// <summary>Feeds the next chunk of the decoded response body. The chunk may end anywhere, even inside a UTF-8 sequence or a line ending.</summary>
    /// <param name="decodedChunk">The bytes, after any Content-Encoding was removed.</param>
    /// <param name="offset">Arrival time of the chunk since the request started.</param>
    public void Append(ReadOnlySpan<byte> decodedChunk, TimeSpan offset)
    {
        if (_result is not null || decodedChunk.IsEmpty)
        {
            return;
        }

        _firstByte ??= offset;
        _currentOffset = offset;
        Volatile.Write(ref _bytesReceived, _bytesReceived + decodedChunk.Length);
        _parser.Push(decodedChunk);
    }

    /// <summary>
    /// The response body ended. The turn is complete when <c>message_stop</c> arrived and no <c>error</c>
    /// event did; otherwise <see cref="ApiTurn.Error"/> says why (a truncated stream keeps the content so far).
    /// Calling it again, or after <see cref="Fail"/>, returns the same turn.
    /// </summary>
    /// <param name="offset">When the body ended, since the request started.</param>
    public ApiTurn Complete(TimeSpan offset)
    {
        if (_result is not null)
        {
            return _result;
        }

        if (_parser.HasPendingInput)
        {
            _warnings.Add("the stream ended inside an event (no terminating blank line); its partial data was discarded");
        }

        string? error = _message.Error;
        if (error is null && !_message.SawStop)
        {
            error = _events.Count == 0
                ? "the stream ended before any event arrived"
                : "the stream ended before message_stop (truncated)";
        }

        return Build(error is null, error, offset);
    }

    /// <summary>
    /// The exchange failed (transport error, upstream reset, client cancelled): returns an incomplete turn
    /// with everything that arrived. Calling it again, or after <see cref="Complete"/>, returns the same turn.
    /// </summary>
    /// <param name="error">
    /// Why it failed; becomes <see cref="ApiTurn.Failure"/>, and <see cref="ApiTurn.Error"/> unless the stream
    /// carried an <c>error</c> event (the API's own reason stays the error; the failure usually follows from it).
    /// </param>
    /// <param name="offset">When it failed, since the request started.</param>
    public ApiTurn Fail(string error, TimeSpan offset)
    {
        if (_result is not null)
        {
            return _result;
        }

        if (string.IsNullOrEmpty(error))
        {
            error = "the exchange failed";
        }

        return Build(false, _message.Error ?? error, offset, error);
    }

    /// <summary>
    /// Builds the turn of a non-streamed response: a 2xx Message JSON, or a 4xx/5xx error JSON
    /// (<c>{"type":"error","error":{...}}</c>) or non-JSON body. Never throws on bad input.
    /// </summary>
    /// <param name="body">The decoded response body.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="firstByte">When the first body byte arrived, since the request started.</param>
    /// <param name="total">When the body ended, since the request started.</param>
    public static ApiTurn FromJsonResponse(ReadOnlySpan<byte> body, int statusCode, TimeSpan firstByte, TimeSpan total)
        => JsonResponseReader.Read(body, statusCode, firstByte, total);

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
    {
        TimeSpan offset = _currentOffset;
        int ordinal = _events.Count;
        StreamEventKind kind = StreamNames.ClassifyEvent(eventType, out string? name);
        if (kind == StreamEventKind.Unknown && eventType.SequenceEqual(StreamNames.DefaultSseType))
        {
            // No "event:" field: the Messages API always names the type in the data as well.
            kind = ClassifyFromData(data, out name);
        }

        name ??= Encoding.UTF8.GetString(eventType);
        _events.Add(new SseEventTiming(name, offset));
        if (_lastEventOffset is { } last && offset - last > _stallThreshold)
        {
            (_stalls ??= []).Add(new StallTiming(last, offset - last));
        }

        _lastEventOffset = offset;
        Volatile.Write(ref _eventCount, _eventCount + 1);

        try
        {
            Apply(kind, name, data, offset);
        }
        catch (JsonException ex)
        {
            Damaged(ordinal);
            _warnings.Add($"event {ordinal} ({name}): data is not valid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            Damaged(ordinal);
            _warnings.Add($"event {ordinal} ({name}): {ex.Message}");
        }
    }

    // An event that could not be applied lost its content (a delta's text, a usage update): the
    // message is no longer what the API sent, even if the stream went on to message_stop.
    private void Damaged(int ordinal)
    {
        (_damagedEvents ??= []).Add(ordinal);
    }

    private void Apply(StreamEventKind kind, string name, ReadOnlySpan<byte> data, TimeSpan offset)
    {
        switch (kind)
        {
            case StreamEventKind.ContentBlockDelta:
                _blocks.ApplyDelta(data, offset, _parser.DataPosition);
                break;
            case StreamEventKind.Ping:
                break;
            case StreamEventKind.ContentBlockStart:
                _blocks.Start(data, offset);
                break;
            case StreamEventKind.ContentBlockStop:
                _blocks.Stop(data, offset);
                break;
            case StreamEventKind.MessageStart:
                _message.ApplyStart(data);
                break;
            case StreamEventKind.MessageDelta:
                _message.ApplyDelta(data);
                break;
            case StreamEventKind.MessageStop:
                _message.SawStop = true;
                break;
            case StreamEventKind.Error:
                _message.ApplyError(data);
                break;
            default:
                ApplyUnknown(name, data);
                break;
        }
    }

    private static StreamEventKind ClassifyFromData(ReadOnlySpan<byte> data, out string? name)
    {
        name = null;
        try
        {
            var reader = new Utf8JsonReader(data);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isType = reader.ValueTextEquals("type"u8);
                    reader.Read();
                    if (isType && reader.TokenType == JsonTokenType.String)
                    {
                        string type = reader.GetString()!;
                        StreamEventKind kind = StreamNames.ClassifyEvent(Encoding.UTF8.GetBytes(type), out name);
                        name ??= type;
                        return kind;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: stays an unknown "message" event; Apply reports the data.
        }

        return StreamEventKind.Unknown;
    }

    private void ApplyUnknown(string name, ReadOnlySpan<byte> data)
    {
        JsonNode raw;
        try
        {
            raw = JsonNode.Parse(data) ?? JsonValue.Create("null");
        }
        catch (JsonException)
        {
            raw = JsonValue.Create(Encoding.UTF8.GetString(data));
        }

        (_unknownEvents ??= []).Add(raw);
        if ((_warnedEventTypes ??= new(StringComparer.Ordinal)).Add(name))
        {
            _warnings.Add($"unknown event type '{name}' kept raw in UnknownEvents");
        }
    }

    private ApiTurn Build(bool complete, string? error, TimeSpan total, string? failure = null)
    {
        (List<BlockTiming> blockTimings, List<int> invalidInput) = _blocks.Finish();
        JsonObject? message = _message.Build(_blocks);
        _parser.Reset();
        _result = new ApiTurn(new TurnTimings(_firstByte, _blocks.FirstToken, total, blockTimings, (IReadOnlyList<StallTiming>?)_stalls ?? []))
        {
            Message = message,
            IsComplete = complete,
            IsStreamed = true,
            Error = complete ? null : error,
            ErrorObject = _message.ErrorObject,
            Failure = failure,
            DamagedEvents = (IReadOnlyList<int>?)_damagedEvents ?? [],
            StopReason = message?["stop_reason"] is JsonValue s && s.TryGetValue(out string? stop) ? stop : null,
            Usage = message?["usage"] as JsonObject,
            Events = _events,
            UnknownEvents = (IReadOnlyList<JsonNode>?)_unknownEvents ?? [],
            Warnings = _warnings,
            InvalidInputBlocks = invalidInput,
            BodyTexts = _blocks.BodySource,
        };
        return _result;
    }

}
