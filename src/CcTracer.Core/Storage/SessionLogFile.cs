using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>File-level facts about a session log that the writer and reader both need.</summary>
internal static class SessionLogFile
{
    private const int Block = 64 * 1024;

    /// <summary>The file of a session in a log directory; the id is normalised so it cannot escape it.</summary>
    public static string PathFor(string logDirectory, string sessionId)
        => Path.Combine(logDirectory, SessionIds.Normalize(sessionId) + ".jsonl");

    /// <summary>
    /// The <c>seq</c> of the last complete line, 0 for a missing or empty file. Reads backwards
    /// from the end, so a 200 MB log costs a few blocks, not a scan.
    /// </summary>
    public static long ReadLastSequence(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var end = stream.Length;
        if (EndsWithTornLine(stream))
        {
            // A torn last line may show a seq that never completed: it does not count.
            end = FindLineStart(stream, end + 1) - 1;
        }

        // Walk back over lines until one parses.
        while (end > 0)
        {
            var lineStart = FindLineStart(stream, end);
            var seq = ReadSequenceAt(stream, lineStart);
            if (seq > 0)
            {
                return seq;
            }

            end = lineStart - 1; // skip the '\n' before this line
        }

        return 0;
    }

    /// <summary>Whether the file ends in the middle of a line (a crash tore the last write).</summary>
    public static bool EndsWithTornLine(FileStream stream)
    {
        if (stream.Length == 0)
        {
            return false;
        }

        var position = stream.Position;
        stream.Seek(-1, SeekOrigin.End);
        var last = stream.ReadByte();
        stream.Position = position;
        return last != '\n';
    }

    /// <summary>
    /// Reads <c>seq</c> from the start of a line: at once from the envelope the tracer writes
    /// (<c>{"v":1,"seq":N,</c>), else from a top-level <c>seq</c> anywhere in the bytes given —
    /// a line reformatted with spaces, or with its fields in another order, is a record too.
    /// </summary>
    internal static long ParseSequence(ReadOnlySpan<byte> lineStart)
    {
        var at = lineStart.IndexOf("\"seq\":"u8);
        if (at is >= 0 and <= 32 && Utf8Parser.TryParse(lineStart[(at + 6)..], out long seq, out _))
        {
            return seq;
        }

        return ScanSequence(lineStart);
    }

    private static long ScanSequence(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 512 }));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSeq = reader.ValueTextEquals("seq"u8);
                if (!reader.Read())
                {
                    return 0;
                }

                if (isSeq)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seq) ? seq : 0;
                }

                if (!reader.TrySkip())
                {
                    return 0;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a record.
        }

        return 0;
    }

    private static long FindLineStart(FileStream stream, long end)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Block);
        try
        {
            // Ignore the line terminator at `end - 1` itself.
            var searchEnd = end - 1;
            while (searchEnd > 0)
            {
                var start = Math.Max(0, searchEnd - Block);
                var length = (int)(searchEnd - start);
                stream.Position = start;
                stream.ReadExactly(buffer, 0, length);
                var nl = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
                if (nl >= 0)
                {
                    return start + nl + 1;
                }

                searchEnd = start;
            }

            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long ReadSequenceAt(FileStream stream, long lineStart)
    {
        // Enough for the envelope, or for a reformatted line whose seq comes a little later.
        Span<byte> head = stackalloc byte[1024];
        stream.Position = lineStart;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return ParseSequence(head[..read]);
    }
}
