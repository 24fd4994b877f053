using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Json;

namespace CcTracer.Storage;

/// <summary>
/// One <c>chunk</c> line of a v2 log (docs/record-schema.md, "Chunks"): a piece of a body, named by
/// its content, written once per session and referred to by the records whose bodies hold it.
/// It carries no <c>seq</c>: it is not a record, and readers that list records never see it.
/// </summary>
internal static class ChunkLine
{
    /// <summary>How every chunk line starts; the index tells chunks from records by it.</summary>
    internal static ReadOnlySpan<byte> Prefix => "{\"type\":\"chunk\",\"id\":\""u8;

    // Brotli at quality 3 costs a few ms per MB of new content; a chunk is stored compressed
    // only when that saves at least a fifth of it, base64 included.
    private const int Quality = 3;
    private const int Window = 18;

    /// <summary>The id of a chunk: the first 96 bits of its SHA-256, base64url (16 characters).</summary>
    public static string IdOf(ReadOnlySpan<byte> chunk)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(chunk, hash);
        return Base64Url.EncodeToString(hash[..12]);
    }

    /// <summary>Whether a stored line is a chunk line.</summary>
    public static bool Is(ReadOnlySpan<byte> line) => line.StartsWith(Prefix);

    /// <summary>Writes the line (with its newline) into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, string id, ReadOnlySpan<byte> chunk, bool compress)
    {
        using (var writer = new Utf8JsonWriter(output, RelaxedJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "chunk");
            writer.WriteString("id", id);
            if (!compress || !TryWriteCompressed(writer, chunk))
            {
                if (Utf8.IsValid(chunk))
                {
                    writer.WriteString("text", chunk);
                }
                else
                {
                    writer.WriteBase64String("base64", chunk);
                }
            }

            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>Reads a chunk line back: its id and its bytes; false when it is not a readable chunk line.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out string id, out byte[] data)
    {
        id = string.Empty;
        data = [];
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            byte[]? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id" when reader.TokenType == JsonTokenType.String:
                        id = reader.GetString()!;
                        break;
                    case "text" when reader.TokenType == JsonTokenType.String:
                        found = Unescape(ref reader);
                        break;
                    case "base64" when reader.TokenType == JsonTokenType.String:
                        found = reader.GetBytesFromBase64();
                        break;
                    case "br" when reader.TokenType == JsonTokenType.String:
                        found = Decompress(reader.GetBytesFromBase64());
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (found is null || id.Length == 0)
            {
                return false;
            }

            data = found;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            return false;
        }
    }

    private static bool TryWriteCompressed(Utf8JsonWriter writer, ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 256)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
        try
        {
            if (!BrotliEncoder.TryCompress(chunk, buffer, out var written, Quality, Window)
                || (written + 2) / 3 * 4 > chunk.Length * 4 / 5)
            {
                return false;
            }

            // The decoded length first, so a reader sizes its buffer once.
            writer.WriteNumber("bytes", chunk.Length);
            writer.WriteBase64String("br", buffer.AsSpan(0, written));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Unescape(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }

        var buffer = new byte[reader.ValueSpan.Length];
        return buffer[..reader.CopyString(buffer)];
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new MemoryStream(compressed);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(compressed.Length * 4);
        brotli.CopyTo(output);
        return output.ToArray();
    }
}
