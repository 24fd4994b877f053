using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// order become <see cref="ApiTurn.Warnings"/>. Text stays UTF-8 in pooled buffers until a block stops, so a
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
    private readonly Dictionary<int, ContentBlockState> _blocks = [];
    private readonly List<ContentBlockState> _blockOrder = [];
    private List<StallTiming>? _stalls;
    private List<JsonNode>? _unknownEvents;
    private HashSet<string>? _warnedEventTypes;
    private ContentBlockState? _lastBlock;
    private JsonObject? _message;
    private bool _sawMessageStop;
    private string? _error;
    private JsonObject? _errorObject;
    private TimeSpan _currentOffset;
    private TimeSpan? _firstByte;
    private TimeSpan? _firstToken;
    private TimeSpan? _lastEventOffset;
    private int _eventCount;
    private long _outputChars;
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
    }

    /// <summary>SSE events applied so far, including <c>ping</c>, unknown and malformed ones.</summary>
    public int EventCount => Volatile.Read(ref _eventCount);

    /// <summary>UTF-16 characters of text, thinking and tool input JSON received so far.</summary>
    public long OutputChars => Volatile.Read(ref _outputChars);

    /// <summary>Decoded response bytes appended so far.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

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

        string? error = _error;
        if (error is null && !_sawMessageStop)
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
    /// <param name="error">Why it failed; becomes <see cref="ApiTurn.Error"/>.</param>
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

        return Build(false, error, offset);
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
            _warnings.Add($"event {ordinal} ({name}): data is not valid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            _warnings.Add($"event {ordinal} ({name}): {ex.Message}");
        }
    }

    private void Apply(StreamEventKind kind, string name, ReadOnlySpan<byte> data, TimeSpan offset)
    {
        switch (kind)
        {
            case StreamEventKind.ContentBlockDelta:
                ApplyContentBlockDelta(data, offset);
                break;
            case StreamEventKind.Ping:
                break;
            case StreamEventKind.ContentBlockStart:
                ApplyContentBlockStart(data, offset);
                break;
            case StreamEventKind.ContentBlockStop:
                ApplyContentBlockStop(data, offset);
                break;
            case StreamEventKind.MessageStart:
                ApplyMessageStart(data);
                break;
            case StreamEventKind.MessageDelta:
                ApplyMessageDelta(data);
                break;
            case StreamEventKind.MessageStop:
                _sawMessageStop = true;
                break;
            case StreamEventKind.Error:
                ApplyError(data);
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

    private void ApplyMessageStart(ReadOnlySpan<byte> data)
    {
        JsonObject root = ParseObject(data);
        if (root["message"] is not JsonObject message)
        {
            _warnings.Add("message_start has no message object");
            return;
        }

        root.Remove("message");
        if (_message is not null)
        {
            _warnings.Add("a second message_start replaced the first message");
        }

        _message = message;
    }

    private void ApplyContentBlockStart(ReadOnlySpan<byte> data, TimeSpan offset)
    {
        JsonObject root = ParseObject(data);
        if (root["index"] is not JsonValue indexValue || !indexValue.TryGetValue(out int index))
        {
            _warnings.Add("content_block_start without an integer index was ignored");
            return;
        }

        if (root["content_block"] is not JsonObject block)
        {
            _warnings.Add($"content_block_start {index} has no content_block object; it was ignored");
            return;
        }

        root.Remove("content_block");
        string type = block["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : "unknown";
        if (_blocks.Remove(index, out ContentBlockState? previous))
        {
            _warnings.Add($"content block {index} started twice; the later start replaced it");
            previous.ReleaseBuffers();
            _blockOrder.Remove(previous);
        }

        var state = new ContentBlockState(index, block, type, offset);
        _blocks.Add(index, state);
        _blockOrder.Add(state);
        _lastBlock = state;
    }

    private void ApplyContentBlockDelta(ReadOnlySpan<byte> data, TimeSpan offset)
    {
        // Hot path: one forward-only pass, no DOM, no strings. The API writes index before delta and the
        // delta's type first; anything else takes the slower path below, with the same result.
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("content_block_delta data is not a JSON object");
        }

        int index = -1;
        int deltaStart = -1;
        int deltaEnd = -1;
        bool applied = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                deltaStart = (int)reader.TokenStartIndex;
                if (index >= 0 && !applied && TryApplyDeltaInPlace(ref reader, index, offset))
                {
                    applied = true;
                    deltaStart = -1;
                }
                else
                {
                    reader.Skip();
                    deltaEnd = (int)reader.BytesConsumed;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (applied)
        {
            return;
        }

        if (index < 0 || deltaStart < 0 || data[deltaStart] != (byte)'{')
        {
            _warnings.Add("content_block_delta without an index or a delta object was ignored");
            return;
        }

        ReadOnlySpan<byte> delta = data[deltaStart..deltaEnd];
        DeltaKind kind = ReadDeltaType(delta, out string? unknownType);
        ContentBlockState block = GetBlockForDelta(index, kind, offset);
        if (kind == DeltaKind.Unknown)
        {
            unknownType ??= "(no type)";
            if (block.AddUnknownDelta(unknownType, JsonNode.Parse(delta)))
            {
                _warnings.Add($"content block {index}: unknown delta type '{unknownType}' kept under {ContentBlockState.UnknownDeltasProperty}");
            }

            return;
        }

        var r = new Utf8JsonReader(delta);
        r.Read();
        ApplyDeltaBody(ref r, kind, block, offset);
    }

    /// <summary>
    /// Applies a delta whose <c>type</c> comes first and is known, reading on with <paramref name="reader"/>
    /// (positioned on the delta's start) up to the delta's end. Leaves the reader untouched otherwise.
    /// </summary>
    private bool TryApplyDeltaInPlace(ref Utf8JsonReader reader, int index, TimeSpan offset)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // A copy probes ahead, so declining costs nothing but the probe.
        Utf8JsonReader probe = reader;
        if (!probe.Read() || probe.TokenType != JsonTokenType.PropertyName || !probe.ValueTextEquals("type"u8)
            || !probe.Read() || probe.TokenType != JsonTokenType.String || probe.ValueIsEscaped)
        {
            return false;
        }

        DeltaKind kind = StreamNames.ClassifyDelta(probe.ValueSpan);
        if (kind == DeltaKind.Unknown)
        {
            return false;
        }

        ApplyDeltaBody(ref probe, kind, GetBlockForDelta(index, kind, offset), offset);
        reader = probe;
        return true;
    }

    /// <summary>Reads the delta's remaining properties up to its end and merges the payload into <paramref name="block"/>.</summary>
    private void ApplyDeltaBody(ref Utf8JsonReader r, DeltaKind kind, ContentBlockState block, TimeSpan offset)
    {
        ReadOnlySpan<byte> payload = StreamNames.PayloadProperty(kind);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            bool isPayload = r.ValueTextEquals(payload);
            r.Read();
            if (!isPayload)
            {
                r.Skip();
            }
            else if (kind == DeltaKind.Citations)
            {
                block.AddCitation(JsonNode.Parse(ref r));
            }
            else if (r.TokenType == JsonTokenType.String)
            {
                ReadOnlySpan<byte> added = block.Append(kind, ref r);
                if (kind != DeltaKind.Signature && !added.IsEmpty)
                {
                    _firstToken ??= offset;
                    Volatile.Write(ref _outputChars, _outputChars + Encoding.UTF8.GetCharCount(added));
                }
            }
            else
            {
                _warnings.Add($"content block {block.Index}: a delta's {Encoding.UTF8.GetString(payload)} is not a string; it was ignored");
                r.Skip();
            }
        }
    }

    private static DeltaKind ReadDeltaType(ReadOnlySpan<byte> delta, out string? unknownType)
    {
        unknownType = null;
        var reader = new Utf8JsonReader(delta);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                DeltaKind kind = reader.ValueIsEscaped ? DeltaKind.Unknown : StreamNames.ClassifyDelta(reader.ValueSpan);
                if (kind == DeltaKind.Unknown)
                {
                    unknownType = reader.GetString();
                    kind = StreamNames.ClassifyDelta(Encoding.UTF8.GetBytes(unknownType!));
                    if (kind != DeltaKind.Unknown)
                    {
                        unknownType = null;
                    }
                }

                return kind;
            }

            reader.Skip();
        }

        return DeltaKind.Unknown;
    }

    private ContentBlockState GetBlockForDelta(int index, DeltaKind kind, TimeSpan offset)
    {
        if (_lastBlock?.Index == index)
        {
            return _lastBlock;
        }

        if (!_blocks.TryGetValue(index, out ContentBlockState? block))
        {
            // Keep what arrives even if its start was lost; the type is the one the delta implies.
            string type = kind switch
            {
                DeltaKind.Text or DeltaKind.Citations => "text",
                DeltaKind.Thinking or DeltaKind.Signature => "thinking",
                DeltaKind.InputJson => "tool_use",
                _ => "unknown",
            };
            _warnings.Add($"content_block_delta for block {index}, which never started; a '{type}' block was synthesized");
            block = new ContentBlockState(index, new JsonObject { ["type"] = type }, type, offset);
            _blocks.Add(index, block);
            _blockOrder.Add(block);
        }

        _lastBlock = block;
        return block;
    }

    private void ApplyContentBlockStop(ReadOnlySpan<byte> data, TimeSpan offset)
    {
        int index = -1;
        var reader = new Utf8JsonReader(data);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isIndex = reader.ValueTextEquals("index"u8);
                reader.Read();
                if (isIndex)
                {
                    index = reader.GetInt32();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            throw new JsonException("content_block_stop data is not a JSON object");
        }

        if (index < 0 || !_blocks.TryGetValue(index, out ContentBlockState? block))
        {
            _warnings.Add($"content_block_stop for block {index}, which never started, was ignored");
            return;
        }

        if (block.End is not null)
        {
            _warnings.Add($"content block {index} stopped twice");
        }

        block.End = offset;
        block.Materialize(_warnings);
    }

    private void ApplyMessageDelta(ReadOnlySpan<byte> data)
    {
        JsonObject root = ParseObject(data);
        JsonObject message = EnsureMessage("message_delta");
        foreach ((string key, JsonNode? value) in root.ToList())
        {
            if (key == "type")
            {
                continue;
            }

            root.Remove(key);
            if (key == "delta" && value is JsonObject delta)
            {
                MoveProperties(delta, message, overwriteWithNull: true);
            }
            else if (key == "usage" && value is JsonObject usage)
            {
                if (message["usage"] is not JsonObject target)
                {
                    target = [];
                    message["usage"] = target;
                }

                // A null in the delta's usage means "not reported here", not "reset".
                MoveProperties(usage, target, overwriteWithNull: false);
            }
            else
            {
                message[key] = value;
            }
        }
    }

    private static void MoveProperties(JsonObject from, JsonObject to, bool overwriteWithNull)
    {
        foreach ((string key, JsonNode? value) in from.ToList())
        {
            if (value is null && !overwriteWithNull && to.ContainsKey(key))
            {
                continue;
            }

            from.Remove(key);
            to[key] = value;
        }
    }

    private void ApplyError(ReadOnlySpan<byte> data)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            _error = Encoding.UTF8.GetString(data);
            _warnings.Add("the error event's data is not JSON; kept as the error text");
            return;
        }

        if (root is JsonObject obj && obj["error"] is JsonObject error)
        {
            obj.Remove("error");
            _errorObject = error;
            _error = ErrorText(error) ?? error.ToJsonString();
        }
        else
        {
            _error = root?.ToJsonString() ?? "error event without data";
        }
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

    private JsonObject EnsureMessage(string eventName)
    {
        if (_message is null)
        {
            _warnings.Add($"{eventName} arrived before message_start; a message object was synthesized");
            _message = [];
        }

        return _message;
    }

    private static JsonObject ParseObject(ReadOnlySpan<byte> data)
        => JsonNode.Parse(data) as JsonObject ?? throw new JsonException("the data is not a JSON object");

    internal static string? ErrorText(JsonObject error)
    {
        if (error["message"] is JsonValue m && m.TryGetValue(out string? message))
        {
            return message;
        }

        return error["type"] is JsonValue t && t.TryGetValue(out string? type) ? type : null;
    }

    private ApiTurn Build(bool complete, string? error, TimeSpan total)
    {
        var blockTimings = new List<BlockTiming>(_blockOrder.Count);
        var invalidInput = new List<int>();
        foreach (ContentBlockState block in _blockOrder)
        {
            if (block.End is null)
            {
                _warnings.Add($"content block {block.Index} ({block.Type}) never stopped; its content so far is kept");
            }

            block.Materialize(_warnings);
            block.ReleaseBuffers();
            blockTimings.Add(new BlockTiming(block.Index, block.Type, block.Start, block.End));
            if (block.InputInvalid)
            {
                invalidInput.Add(block.Index);
            }
        }

        JsonObject? message = BuildMessage();
        _parser.Reset();
        _result = new ApiTurn(new TurnTimings(_firstByte, _firstToken, total, blockTimings, (IReadOnlyList<StallTiming>?)_stalls ?? []))
        {
            Message = message,
            IsComplete = complete,
            IsStreamed = true,
            Error = complete ? null : error,
            ErrorObject = _errorObject,
            StopReason = message?["stop_reason"] is JsonValue s && s.TryGetValue(out string? stop) ? stop : null,
            Usage = message?["usage"] as JsonObject,
            Events = _events,
            UnknownEvents = (IReadOnlyList<JsonNode>?)_unknownEvents ?? [],
            Warnings = _warnings,
            InvalidInputBlocks = invalidInput,
        };
        return _result;
    }

    private JsonObject? BuildMessage()
    {
        if (_message is null && _blocks.Count == 0)
        {
            return null;
        }

        JsonObject message = EnsureMessage("content_block_start");
        if (_blocks.Count == 0)
        {
            return message;
        }

        // A block's index is its position in content; blocks already in message_start's content keep theirs.
        var slots = new SortedDictionary<int, JsonNode?>();
        if (message["content"] is JsonArray existing)
        {
            for (int i = 0; i < existing.Count; i++)
            {
                slots[i] = existing[i];
            }

            existing.Clear();
        }

        foreach (ContentBlockState block in _blockOrder)
        {
            slots[block.Index] = block.Block;
        }

        message["content"] = new JsonArray([.. slots.Values]);
        return message;
    }
}
