using System.Buffers;
using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// Writes a long, valid UTF-8 text as a JSON string straight into the output under a
/// <see cref="Utf8JsonWriter"/>, escaping only what JSON requires (<c>"</c>, <c>\</c>, control
/// characters) and copying everything else, multi-byte sequences included, as it is.
/// </summary>
/// <remarks>
/// A captured SSE body is JSON inside text: a quote every few bytes. The framework's encoder
/// handled that one scalar at a time and was the log writer's largest cost; searching for the next
/// byte to escape with <see cref="SearchValues{T}"/> and copying the run before it is several times
/// cheaper. The output is equally valid JSON (the relaxed encoder also escapes some non-ASCII
/// characters, which this leaves raw); readers see the same string.
/// </remarks>
internal static class RawJsonString
{
    // Input is cut into pieces so the output span asked for (6 bytes per input byte, the worst
    // case of \u00XX) stays well under the writers' chunk sizes.
    private const int Piece = 4 * 1024;

    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    /// <summary>
    /// Writes <paramref name="utf8"/> (which must be valid UTF-8) as the string value of
    /// <paramref name="name"/>; <paramref name="output"/> is the buffer <paramref name="writer"/> writes to.
    /// </summary>
    public static void WriteProperty(Utf8JsonWriter writer, IBufferWriter<byte> output, string name, in ReadOnlySequence<byte> utf8)
    {
        writer.WritePropertyName(name);
        OpenString(writer);
        foreach (var memory in utf8)
        {
            Escape(memory.Span, output);
        }

        CloseString(output);
    }

    /// <summary>
    /// Starts a string value whose content the caller then writes straight into the writer's
    /// output (already JSON string content), then ends with <see cref="CloseString"/>: the writer
    /// opens it as a raw value, so it puts any separator before it and counts it as a finished
    /// value, and is flushed so the content lands after it, with no buffer the size of the content.
    /// </summary>
    public static void OpenString(Utf8JsonWriter writer)
    {
        writer.WriteRawValue("\""u8, skipInputValidation: true);
        writer.Flush();
    }

    /// <summary>Ends a string started with <see cref="OpenString"/>.</summary>
    public static void CloseString(IBufferWriter<byte> output) => output.Write("\""u8);

    /// <summary>Writes the JSON string content (no quotes) of <paramref name="utf8"/> into <paramref name="output"/>.</summary>
    public static void Escape(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        while (!utf8.IsEmpty)
        {
            var piece = utf8[..Math.Min(Piece, utf8.Length)];
            utf8 = utf8[piece.Length..];
            var destination = output.GetSpan(piece.Length * 6);
            var written = 0;
            while (true)
            {
                var at = piece.IndexOfAny(Special);
                if (at < 0)
                {
                    piece.CopyTo(destination[written..]);
                    written += piece.Length;
                    break;
                }

                piece[..at].CopyTo(destination[written..]);
                written += at;
                written += EscapeByte(piece[at], destination[written..]);
                piece = piece[(at + 1)..];
            }

            output.Advance(written);
        }
    }

    private static int EscapeByte(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        byte named = b switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            (byte)'\b' => (byte)'b',
            (byte)'\f' => (byte)'f',
            _ => 0,
        };
        if (named != 0)
        {
            destination[1] = named;
            return 2;
        }

        const string Hex = "0123456789ABCDEF";
        destination[1] = (byte)'u';
        destination[2] = (byte)'0';
        destination[3] = (byte)'0';
        destination[4] = (byte)Hex[b >> 4];
        destination[5] = (byte)Hex[b & 0xF];
        return 6;
    }
}
