using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Buffers;
using CcTracer.Sse;

namespace CcTracer.Turns;

/// <summary>
/// One content block being rebuilt. Delta payloads stay UTF-8 in pooled buffers (unescaped once, on
/// arrival) and become strings only when the block is materialized, so a delta costs a copy, not an
/// allocation. Text and thinking deltas whose bytes are in a kept body (<see cref="BodyTextSource"/>)
/// are not copied at all: the block notes where they are.
/// </summary>
internal sealed class ContentBlockState
{
    /// <summary>
    /// The key under which deltas of an unknown type are kept on their block, raw and in arrival order,
    /// so a future delta type loses nothing even though the assembler cannot merge it.
    /// </summary>
    public const string UnknownDeltasProperty = "cctracer_unknown_deltas";

    private ChunkedBuffer? _text;
    private ChunkedBuffer? _thinking;
    private ChunkedBuffer? _compaction;
    private BodySlices? _textSlices;
    private BodySlices? _thinkingSlices;
    private BodySlices? _compactionSlices;
    private PooledByteBuffer? _unescaped;
    private PooledByteBuffer? _signature;
    private PooledByteBuffer? _inputJson;
    private bool _sawInputJson;
    private bool _inputPending;
    private HashSet<string>? _warnedDeltaTypes;

    public ContentBlockState(int index, JsonObject block, string type, TimeSpan start)
    {
        Index = index;
        Block = block;
        Type = type;
        Start = start;
    }

    public int Index { get; }

    /// <summary>The block as given by <c>content_block_start</c>; deltas are merged into it.</summary>
    public JsonObject Block { get; }

    public string Type { get; }

    public TimeSpan Start { get; }

    public TimeSpan? End { get; set; }

    /// <summary>The concatenated <c>input_json_delta</c> fragments were not valid JSON; <c>input</c> holds them raw.</summary>
    public bool InputInvalid { get; private set; }

    /// <summary>Appends the current string token of <paramref name="reader"/>, unescaped; returns the UTF-8 bytes added.</summary>
    /// <param name="kind">The delta's kind.</param>
    /// <param name="reader">Positioned on the payload string.</param>
    /// <param name="source">The kept body the event was read from, if any.</param>
    /// <param name="bodyPosition">Where the string's content (just after its opening quote) is in that body, or -1.</param>
    public ReadOnlySpan<byte> Append(DeltaKind kind, ref Utf8JsonReader reader, BodyTextSource? source = null, long bodyPosition = -1)
    {
        switch (kind)
        {
            case DeltaKind.Text:
                return AppendText(ref _text, ref _textSlices, ref reader, source, bodyPosition);
            case DeltaKind.Thinking:
                return AppendText(ref _thinking, ref _thinkingSlices, ref reader, source, bodyPosition);
            case DeltaKind.Compaction:
                // A compaction summary is text too (the block's content), and can be long.
                return AppendText(ref _compaction, ref _compactionSlices, ref reader, source, bodyPosition);
        }

        PooledByteBuffer buffer = kind == DeltaKind.Signature ? _signature ??= new() : _inputJson ??= new();

        if (kind == DeltaKind.Signature)
        {
            // The SDKs replace the signature rather than append to it; it arrives in one delta in practice.
            buffer.Clear();
        }
        else if (kind == DeltaKind.InputJson)
        {
            _sawInputJson = true;
            _inputPending = true;
        }

        int before = buffer.Length;
        if (reader.ValueIsEscaped)
        {
            // Unescaping never lengthens a JSON string, so the escaped length is a safe bound.
            int written = reader.CopyString(buffer.GetSpan(reader.ValueSpan.Length));
            buffer.Advance(written);
        }
        else
        {
            buffer.Write(reader.ValueSpan);
        }

        return buffer.WrittenSpan[before..];
    }

    // Text and thinking can be the size of the whole turn: they grow in chunks (never a doubling
    // large-object array) and a long one stays UTF-8 in the message (ChunkedText) instead of
    // becoming a UTF-16 string twice its size. Better still, when the bytes are in the kept body
    // the block only notes where (16 bytes a delta), and the text is never held twice.
    private ReadOnlySpan<byte> AppendText(ref ChunkedBuffer? buffer, ref BodySlices? slices, ref Utf8JsonReader reader, BodyTextSource? source, long bodyPosition)
    {
        ReadOnlySpan<byte> value = reader.ValueSpan;
        if (value.IsEmpty)
        {
            return default;
        }

        // The whole quoted token must be kept (the body may have been cut at its limit), and a block
        // that had to copy once keeps copying, so its text stays in order.
        if (source is not null && bodyPosition > 0 && buffer is null && bodyPosition + value.Length + 1 <= source.Body.Length)
        {
            (slices ??= new BodySlices(source)).Add(bodyPosition, value.Length);
            return reader.ValueIsEscaped ? Unescape(ref reader) : value;
        }

        if (slices is not null)
        {
            buffer = new ChunkedBuffer();
            slices.CopyTo(buffer);
            slices.Dispose();
            slices = null;
        }

        buffer ??= new ChunkedBuffer();
        if (!reader.ValueIsEscaped)
        {
            buffer.Write(value);
            return value;
        }

        ReadOnlySpan<byte> unescaped = Unescape(ref reader);
        buffer.Write(unescaped);
        return unescaped;
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        // Unescaping never lengthens a JSON string, so the escaped length is a safe bound.
        PooledByteBuffer scratch = _unescaped ??= new();
        scratch.Clear();
        int written = reader.CopyString(scratch.GetSpan(reader.ValueSpan.Length));
        scratch.Advance(written);
        return scratch.WrittenSpan;
    }

    public void AddCitation(JsonNode? citation)
    {
        if (Block["citations"] is not JsonArray citations)
        {
            citations = [];
            Block["citations"] = citations;
        }

        citations.Add(citation);
    }

    /// <summary>Keeps an unknown delta; returns whether this is the first of its type on this block (worth a warning).</summary>
    public bool AddUnknownDelta(string deltaType, JsonNode? delta)
    {
        if (Block[UnknownDeltasProperty] is not JsonArray kept)
        {
            kept = [];
            Block[UnknownDeltasProperty] = kept;
        }

        kept.Add(delta);
        return (_warnedDeltaTypes ??= new(StringComparer.Ordinal)).Add(deltaType);
    }

    /// <summary>
    /// Writes the accumulated payloads into <see cref="Block"/> and returns the buffers to the pool.
    /// Called at <c>content_block_stop</c> and again at the end of the turn, so deltas that arrive after a
    /// stop are still kept (text is appended to what the block already holds).
    /// </summary>
    public void Materialize(List<string> warnings)
    {
        MaterializeText(ref _text, "text");
        MaterializeText(ref _thinking, "thinking");
        MaterializeSlices(ref _textSlices, "text");
        MaterializeSlices(ref _thinkingSlices, "thinking");
        MaterializeText(ref _compaction, "content");
        MaterializeSlices(ref _compactionSlices, "content");
        if (_signature is not null)
        {
            Block["signature"] = Encoding.UTF8.GetString(_signature.WrittenSpan);
            _signature.Release();
            _signature = null;
        }

        if (_inputPending)
        {
            // Parsed once per stop, not per fragment: partial JSON is never valid until the end.
            _inputPending = false;
            MaterializeInput(warnings);
        }
        else if (!_sawInputJson && !Block.ContainsKey("input") && Type is "tool_use" or "server_tool_use" or "mcp_tool_use")
        {
            // A tool call with no input_json_delta at all takes no arguments.
            Block["input"] = new JsonObject();
        }
    }

    private void MaterializeText(ref ChunkedBuffer? field, string property)
    {
        if (field is { Length: > 0 } buffer)
        {
            // The next delta (after a stop) starts a new buffer.
            field = null;
            Store(property, ChunkedText.Of(buffer), buffer.Length);
        }
    }

    private void MaterializeSlices(ref BodySlices? field, string property)
    {
        if (field is { Count: > 0 } slices)
        {
            field = null;
            Store(property, ChunkedText.Of(slices), slices.EscapedLength);
        }
    }

    private void Store(string property, ChunkedText added, long length)
    {
        string? prefix = TextSoFar(property);
        if (string.IsNullOrEmpty(prefix) && length > ChunkedText.Threshold)
        {
            // The block takes the chunks (or the references into the body) over.
            Block[property] = added.ToJsonValue();
        }
        else
        {
            string text = added.ToString();
            Block[property] = string.IsNullOrEmpty(prefix) ? text : string.Concat(prefix, text);
            added.Free();
        }
    }

    // What the block already says for text or thinking (content_block_start's value, or what an
    // earlier stop materialized): later deltas are appended to it.
    private string? TextSoFar(string property) => Block[property] switch
    {
        JsonValue v when v.TryGetValue(out string? text) => text,
        JsonValue v when v.TryGetValue(out ChunkedText? chunked) => chunked.ToString(),
        _ => null,
    };

    private void MaterializeInput(List<string> warnings)
    {
        ReadOnlySpan<byte> json = _inputJson is null ? default : _inputJson.WrittenSpan;
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            // Only empty fragments: the SDKs treat that as an empty argument object.
            Block["input"] = new JsonObject();
            InputInvalid = false;
        }
        else
        {
            try
            {
                Block["input"] = JsonNode.Parse(json);
                InputInvalid = false;
            }
            catch (JsonException ex)
            {
                Block["input"] = Encoding.UTF8.GetString(json);
                InputInvalid = true;
                warnings.Add($"content block {Index} ({Type}): input_json_delta fragments are not valid JSON ({ex.Message}); input kept as the raw string");
            }
        }
    }

    /// <summary>Returns pooled storage without materializing (used once the turn is built).</summary>
    public void ReleaseBuffers()
    {
        _text?.Dispose();
        _thinking?.Dispose();
        _compaction?.Dispose();
        _textSlices?.Dispose();
        _thinkingSlices?.Dispose();
        _compactionSlices?.Dispose();
        _unescaped?.Release();
        _signature?.Release();
        _inputJson?.Release();
    }
}
