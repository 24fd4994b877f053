using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CcTracer.Buffers;
using CcTracer.Json;

namespace CcTracer.Turns;

/// <summary>
/// The text of a long text or thinking block, kept as the UTF-8 chunks it was assembled in, or — when
/// the proxy captured the body — as the places in that body where its deltas are
/// (<see cref="BodySlices"/>). It sits in the block's JSON as a <see cref="JsonValue"/> that writes
/// itself as a string straight from there, so recording a 100 MB turn never builds a 200 MB UTF-16
/// string; <see cref="ApiTurn.Message"/> turns it into an ordinary string the first time a user reads
/// the message.
/// </summary>
internal sealed class ChunkedText
{
    /// <summary>Texts up to this many UTF-8 bytes become strings at once; longer ones stay chunked.</summary>
    public const int Threshold = 64 * 1024;

    private static readonly JsonTypeInfo<ChunkedText> TypeInfo = CreateTypeInfo();

    private readonly ChunkedBuffer? _utf8;
    private readonly BodySlices? _slices;

    private ChunkedText(ChunkedBuffer? utf8, BodySlices? slices)
    {
        _utf8 = utf8;
        _slices = slices;
    }

    /// <summary>A text over <paramref name="utf8"/>, which it takes over (never written again).</summary>
    public static ChunkedText Of(ChunkedBuffer utf8) => new(utf8, null);

    /// <summary>A text over the deltas <paramref name="slices"/> refers to, which it takes over.</summary>
    public static ChunkedText Of(BodySlices slices) => new(null, slices);

    /// <summary>This text as a JSON string node of a block.</summary>
    public JsonValue ToJsonValue() => JsonValue.Create(this, TypeInfo)!;

    /// <summary>Returns its pooled storage; only for a text that was decoded instead of kept.</summary>
    public void Free()
    {
        _utf8?.Dispose();
        _slices?.Dispose();
    }

    /// <summary>Decodes chunked UTF-8 (a code point may straddle two chunks).</summary>
    public static string Decode(in ReadOnlySequence<byte> utf8) => Encoding.UTF8.GetString(in utf8);

    /// <summary>Replaces every chunked text under <paramref name="node"/> with an ordinary string.</summary>
    public static void MaterializeAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, string>>? replaced = null;
                foreach (var (name, value) in obj)
                {
                    if (value is JsonValue v && v.TryGetValue(out ChunkedText? text))
                    {
                        (replaced ??= []).Add(new(name, text.ToString()));
                    }
                    else
                    {
                        MaterializeAll(value);
                    }
                }

                foreach (var (name, text) in replaced ?? [])
                {
                    obj[name] = text;
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaterializeAll(item);
                }

                break;
        }
    }

    /// <summary>
    /// Writes <paramref name="node"/> with every chunked text that refers to the body copied, through
    /// <paramref name="rawOutput"/> (the buffer under <paramref name="writer"/>), as the escaped bytes the API sent. (A text inside a plain <see cref="JsonNode.WriteTo"/>
    /// cannot be handed the output, so the tree is walked here.)
    /// </summary>
    public static void WriteTree(Utf8JsonWriter writer, JsonNode? node, IBufferWriter<byte>? rawOutput)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    WriteTree(writer, value, rawOutput);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteTree(writer, item, rawOutput);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue(out ChunkedText? text):
                text.WriteValue(writer, rawOutput);

                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private void WriteValue(Utf8JsonWriter writer, IBufferWriter<byte>? rawOutput)
    {
        if (_utf8 is not null)
        {
            LongJsonString.WriteValue(writer, _utf8.AsSequence());
        }
        else
        {
            _slices!.WriteValue(writer, rawOutput);
        }
    }

    /// <summary>Copies the text's UTF-8 into <paramref name="into"/> (unescaped, when it refers to the body).</summary>
    public void CopyUtf8To(ChunkedBuffer into)
    {
        if (_utf8 is not null)
        {
            foreach (var piece in _utf8.AsSequence())
            {
                into.Write(piece.Span);
            }
        }
        else
        {
            _slices!.CopyTo(into);
        }
    }

    public override string ToString() => _utf8 is not null ? Decode(_utf8.AsSequence()) : _slices!.Decode();

    /// <summary>The text's start: at most <paramref name="maxBytes"/> of its UTF-8, less a code point cut at the end.</summary>
    public string Head(int maxBytes)
    {
        if (_utf8 is not null)
        {
            return Head(_utf8.AsSequence(), maxBytes);
        }

        using var head = new ChunkedBuffer();
        _slices!.CopyTo(head, maxBytes);
        return Head(head.AsSequence(), maxBytes);
    }

    private static string Head(ReadOnlySequence<byte> utf8, int maxBytes)
        => Decode(utf8.Slice(0, Math.Min(utf8.Length, maxBytes))).TrimEnd('\uFFFD');

    private static JsonTypeInfo<ChunkedText> CreateTypeInfo()
    {
        // The value is only ever written by its own converter; the empty resolver satisfies the options.
        var options = new JsonSerializerOptions { Encoder = RelaxedJson.WriterOptions.Encoder, TypeInfoResolver = JsonTypeInfoResolver.Combine() };
        var info = JsonMetadataServices.CreateValueInfo<ChunkedText>(options, new Converter());
        info.MakeReadOnly();
        return info;
    }

    private sealed class Converter : JsonConverter<ChunkedText>
    {
        public override ChunkedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => throw new NotSupportedException("Chunked text is only ever written.");

        public override void Write(Utf8JsonWriter writer, ChunkedText value, JsonSerializerOptions options)
            => value.WriteValue(writer, rawOutput: null);
    }
}
