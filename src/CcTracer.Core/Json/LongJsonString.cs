using System.Buffers;
using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// Writes long UTF-8 texts (captured bodies, long block texts) as JSON strings through a
/// <see cref="Utf8JsonWriter"/> in bounded pieces, whatever their length.
/// </summary>
internal static class LongJsonString
{
    // Long strings are written in pieces this size, so the writer's escaping reserve stays bounded.
    private const int Piece = 16 * 1024;

    /// <summary>
    /// Writes <paramref name="utf8"/> as the string value of <paramref name="name"/> in pieces, so
    /// the writer reserves room for one piece's worst-case escaping (6×) instead of the whole
    /// body's: a 100 MB SSE body no longer asks for a 600 MB buffer.
    /// </summary>
    public static void WriteProperty(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= Piece)
        {
            writer.WriteString(name, utf8);
            return;
        }

        writer.WritePropertyName(name);
        WritePieces(writer, utf8);
        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    /// <summary>
    /// Writes a chunked body as the string value of <paramref name="name"/>, chunk by chunk, with
    /// the same bounded escaping reserve as <see cref="WriteProperty(Utf8JsonWriter, string, ReadOnlySpan{byte})"/>.
    /// </summary>
    public static void WriteProperty(Utf8JsonWriter writer, string name, in ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment)
        {
            WriteProperty(writer, name, utf8.FirstSpan);
            return;
        }

        writer.WritePropertyName(name);
        WriteValue(writer, utf8);
    }

    /// <summary>Writes a chunked UTF-8 text as one JSON string value, in pieces (see <see cref="WriteProperty(Utf8JsonWriter, string, ReadOnlySpan{byte})"/>).</summary>
    public static void WriteValue(Utf8JsonWriter writer, in ReadOnlySequence<byte> utf8)
    {
        foreach (var memory in utf8)
        {
            WritePieces(writer, memory.Span);
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    /// <summary>Writes non-final string segments of at most <see cref="Piece"/> bytes.</summary>
    public static void WritePieces(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            // Pieces may split a UTF-8 sequence; the writer carries the partial code point over.
            var piece = utf8[..Math.Min(Piece, utf8.Length)];
            writer.WriteStringValueSegment(piece, isFinalSegment: false);
            utf8 = utf8[piece.Length..];
        }
    }
}
