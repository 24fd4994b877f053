using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>
/// The content blocks of one turn: <c>content_block_start</c>, <c>content_block_delta</c> (the hot path) and
/// <c>content_block_stop</c>, and the final <c>content</c> array.
/// </summary>
internal sealed class ContentBlockSet
{
    private readonly List<string> _warnings;
    private readonly Dictionary<int, ContentBlockState> _blocks = [];
    private readonly List<ContentBlockState> _blockOrder = [];
    private ContentBlockState? _lastBlock;
    private TimeSpan? _firstToken;
    private long _outputChars;

    public ContentBlockSet(List<string> warnings)
    {
        _warnings = warnings;
    }

    public int Count => _blocks.Count;

    /// <summary>UTF-16 characters of text, thinking and tool input so far; safe to read from another thread.</summary>
    public long OutputChars => Volatile.Read(ref _outputChars);

    /// <summary>The kept body events are read from, if the caller keeps one (see <see cref="TurnAssembler"/>).</summary>
    public BodyTextSource? BodySource { get; set; }

    /// <summary>Offset of the first non-empty text, thinking or input JSON delta.</summary>
    public TimeSpan? FirstToken => _firstToken;

    public void Start(ReadOnlySpan<byte> data, TimeSpan offset)
    {
        JsonObject root = EventJson.ParseObject(data);
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

    /// <param name="data">The event's data.</param>
    /// <param name="offset">When it arrived.</param>
    /// <param name="dataPosition">Where <paramref name="data"/> is in the kept body, or -1 (not contiguous there, or no body kept).</param>
    public void ApplyDelta(ReadOnlySpan<byte> data, TimeSpan offset, long dataPosition = -1)
    {
        var at = new DataPlace(data, BodySource is null ? -1 : dataPosition);
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
                if (index >= 0 && !applied && TryApplyDeltaInPlace(ref reader, index, offset, at))
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
        ApplyDeltaBody(ref r, kind, block, offset, at);
    }

    /// <summary>
    /// Applies a delta whose <c>type</c> comes first and is known, reading on with <paramref name="reader"/>
    /// (positioned on the delta's start) up to the delta's end. Leaves the reader untouched otherwise.
    /// </summary>
    private bool TryApplyDeltaInPlace(ref Utf8JsonReader reader, int index, TimeSpan offset, DataPlace at)
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

        ApplyDeltaBody(ref probe, kind, GetBlockForDelta(index, kind, offset), offset, at);
        reader = probe;
        return true;
    }

    /// <summary>Reads the delta's remaining properties up to its end and merges the payload into <paramref name="block"/>.</summary>
    private void ApplyDeltaBody(ref Utf8JsonReader r, DeltaKind kind, ContentBlockState block, TimeSpan offset, DataPlace at)
    {
        ReadOnlySpan<byte> payload = StreamNames.PayloadProperty(kind);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            bool isPayload = r.ValueTextEquals(payload);
            bool isEncrypted = kind == DeltaKind.Compaction && r.ValueTextEquals("encrypted_content"u8);
            r.Read();
            if (isEncrypted)
            {
                // Opaque and whole in each delta: the latest replaces, as the SDKs accumulate it.
                block.Block["encrypted_content"] = JsonNode.Parse(ref r);
            }
            else if (!isPayload || (kind == DeltaKind.Compaction && r.TokenType == JsonTokenType.Null))
            {
                // A null compaction content means "nothing new", not "erase".
                r.Skip();
            }
            else if (kind == DeltaKind.Citations)
            {
                block.AddCitation(JsonNode.Parse(ref r));
            }
            else if (r.TokenType == JsonTokenType.String)
            {
                ReadOnlySpan<byte> added = block.Append(kind, ref r, BodySource, at.Of(r.ValueSpan));
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
                DeltaKind.Compaction => "compaction",
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

    public void Stop(ReadOnlySpan<byte> data, TimeSpan offset)
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

    /// <summary>Materializes every block (also those never stopped) and returns their timings and the indexes with invalid tool input.</summary>
    public (List<BlockTiming> Timings, List<int> InvalidInput) Finish()
    {
        var timings = new List<BlockTiming>(_blockOrder.Count);
        var invalidInput = new List<int>();
        foreach (ContentBlockState block in _blockOrder)
        {
            if (block.End is null)
            {
                _warnings.Add($"content block {block.Index} ({block.Type}) never stopped; its content so far is kept");
            }

            block.Materialize(_warnings);
            block.ReleaseBuffers();
            timings.Add(new BlockTiming(block.Index, block.Type, block.Start, block.End));
            if (block.InputInvalid)
            {
                invalidInput.Add(block.Index);
            }
        }

        return (timings, invalidInput);
    }

    /// <summary>Puts the blocks into <paramref name="message"/>'s <c>content</c>; a block's index is its position, blocks already there keep theirs.</summary>
    public void PlaceInto(JsonObject message)
    {
        if (_blocks.Count == 0)
        {
            return;
        }

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
    }

    /// <summary>An event's data and where it lies in the kept body (-1: nowhere usable).</summary>
    private readonly ref struct DataPlace(ReadOnlySpan<byte> data, long position)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        /// <summary>The body position of <paramref name="value"/>, a slice of the data; -1 if unknown.</summary>
        public long Of(ReadOnlySpan<byte> value)
            => position >= 0 && _data.Overlaps(value, out int offset) ? position + offset : -1;
    }
}
