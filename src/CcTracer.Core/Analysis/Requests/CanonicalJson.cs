using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace CcTracer.Analysis.Requests;

/// <summary>
/// Fingerprints of request parts as the prompt cache sees them: the JSON of a block with its own
/// <c>cache_control</c> left out, because Claude Code moves that marker to the newest message on
/// every call and a moved marker is not a change of content.
/// </summary>
internal sealed class CanonicalJson : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public CanonicalJson() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>The bytes of <paramref name="element"/> as sent (no copy).</summary>
    public static int RawLength(JsonElement element) => JsonMarshal.GetRawUtf8Value(element).Length;

    /// <summary>The canonical text of a block (for diffs that show it).</summary>
    public string Text(JsonElement element)
    {
        Write(element);
        return System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>A 128-bit fingerprint of a block without its <c>cache_control</c>.</summary>
    public UInt128 Hash(JsonElement element)
    {
        Write(element);
        return HashBytes(_buffer.WrittenSpan);
    }

    /// <summary>A fingerprint of a message: its role and each content block without <c>cache_control</c>.</summary>
    public UInt128 HashMessage(JsonElement message)
    {
        WriteMessage(message);
        return HashBytes(_buffer.WrittenSpan);
    }

    /// <summary>The canonical text of a message (for diffs that show it).</summary>
    public string MessageText(JsonElement message)
    {
        WriteMessage(message);
        return System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private void WriteMessage(JsonElement message)
    {
        Reset();
        if (message.ValueKind != JsonValueKind.Object)
        {
            message.WriteTo(_writer);
        }
        else
        {
            _writer.WriteStartObject();
            foreach (var property in message.EnumerateObject())
            {
                if (property.NameEquals("content") && property.Value.ValueKind == JsonValueKind.Array)
                {
                    _writer.WriteStartArray("content");
                    foreach (var block in property.Value.EnumerateArray())
                    {
                        WriteWithoutMarker(block);
                    }

                    _writer.WriteEndArray();
                }
                else if (property.NameEquals("content") && property.Value.ValueKind == JsonValueKind.String)
                {
                    // The API reads string content as one text block: Claude Code sends a message
                    // both ways (as a block while it carries the marker), and that is no change.
                    _writer.WriteStartArray("content");
                    _writer.WriteStartObject();
                    _writer.WriteString("type", "text");
                    _writer.WritePropertyName("text");
                    property.Value.WriteTo(_writer);
                    _writer.WriteEndObject();
                    _writer.WriteEndArray();
                }
                else if (!property.NameEquals("cache_control"))
                {
                    property.WriteTo(_writer);
                }
            }

            _writer.WriteEndObject();
        }

        _writer.Flush();
    }

    public static UInt128 HashBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return MemoryMarshal.Read<UInt128>(digest);
    }

    public void Dispose() => _writer.Dispose();

    private void Write(JsonElement element)
    {
        Reset();
        WriteWithoutMarker(element);
        _writer.Flush();
    }

    private void Reset()
    {
        _writer.Flush();
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private void WriteWithoutMarker(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            element.WriteTo(_writer);
            return;
        }

        _writer.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            if (!property.NameEquals("cache_control"))
            {
                property.WriteTo(_writer);
            }
        }

        _writer.WriteEndObject();
    }
}
