using CcTracer.Buffers;

namespace CcTracer.Sse;

/// <summary>
/// An incremental, push-based parser for <c>text/event-stream</c> following the WHATWG rules.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="System.Net.ServerSentEvents.SseParser"/> pulls from a <see cref="Stream"/>; the proxy instead
/// receives the response as chunks it must forward first, so this parser is fed with <see cref="Push"/> and
/// may see a frame split anywhere: inside a field, inside a UTF-8 sequence, or between the <c>\r</c> and
/// <c>\n</c> of one line ending. Only bytes are handled here (UTF-8 is never decoded), so a split
/// multi-byte sequence simply lands in the line buffer until its line completes.
/// </para>
/// <para>
/// Rules implemented: line endings <c>\r\n</c>, <c>\n</c> and <c>\r</c>; a leading UTF-8 BOM is dropped;
/// lines starting with <c>:</c> are comments; <c>field:value</c> with one optional space after the colon;
/// a line without a colon is a field with an empty value; several <c>data</c> lines are joined with
/// <c>\n</c>; an empty line dispatches the event unless no <c>data</c> field was seen; <c>id</c>,
/// <c>retry</c> and unknown fields are ignored. At end of stream an unterminated event is discarded
/// (<see cref="HasPendingInput"/> tells whether there was one).
/// </para>
/// <para>Not thread-safe: one parser per stream.</para>
/// </remarks>
internal sealed class SsePushParser
{
    private readonly ISseEventSink _sink;
    private readonly PooledByteBuffer _line = new();
    private readonly PooledByteBuffer _data = new();
    private readonly PooledByteBuffer _eventType = new();
    private bool _hasData;
    private bool _skipLeadingLineFeed;
    private bool _atStreamStart = true;
    private long _pushed;
    private long _lineStart;
    private long _dataPosition = -1;

    /// <summary>Creates a parser that dispatches every event to <paramref name="sink"/>.</summary>
    public SsePushParser(ISseEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>
    /// While an event is dispatched: where its data lies in the stream (bytes pushed since the
    /// start), when it came from one <c>data</c> line and so is one contiguous run of the stream;
    /// otherwise -1. Lets a sink refer to the bytes in place instead of copying them.
    /// </summary>
    public long DataPosition => _dataPosition;

    /// <summary>Whether bytes of an event that has not been dispatched yet are buffered.</summary>
    public bool HasPendingInput => _line.Length > 0 || _hasData || _eventType.Length > 0;

    /// <summary>Feeds the next chunk of the stream; dispatches every event it completes.</summary>
    public void Push(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        // Stream position of chunk[0], kept in step as the chunk is consumed.
        long at = _pushed;
        _pushed += chunk.Length;
        if (_skipLeadingLineFeed)
        {
            // The previous chunk ended with '\r': a '\n' here belongs to the same line ending.
            _skipLeadingLineFeed = false;
            if (chunk[0] == (byte)'\n')
            {
                chunk = chunk[1..];
                at++;
            }
        }

        while (!chunk.IsEmpty)
        {
            if (_line.Length == 0)
            {
                _lineStart = at;
            }

            int end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _line.Write(chunk);
                return;
            }

            ReadOnlySpan<byte> line;
            if (_line.Length > 0)
            {
                // The line started in an earlier chunk; the span stays valid until the next write to _line.
                _line.Write(chunk[..end]);
                line = _line.WrittenSpan;
                _line.Clear();
            }
            else
            {
                line = chunk[..end];
            }

            if (chunk[end] == (byte)'\r')
            {
                if (end + 1 < chunk.Length)
                {
                    if (chunk[end + 1] == (byte)'\n')
                    {
                        end++;
                    }
                }
                else
                {
                    _skipLeadingLineFeed = true;
                }
            }

            chunk = chunk[(end + 1)..];
            at += end + 1;
            ProcessLine(line, _lineStart);
        }
    }

    /// <summary>Forgets any partial event and returns the pooled buffers; the parser can be reused from a stream start.</summary>
    public void Reset()
    {
        _line.Release();
        _data.Release();
        _eventType.Release();
        _hasData = false;
        _skipLeadingLineFeed = false;
        _atStreamStart = true;
        _pushed = 0;
        _dataPosition = -1;
    }

    private void ProcessLine(ReadOnlySpan<byte> line, long lineStart)
    {
        if (_atStreamStart)
        {
            _atStreamStart = false;
            if (line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                line = line[3..];
                lineStart += 3;
            }
        }

        if (line.IsEmpty)
        {
            Dispatch();
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        ReadOnlySpan<byte> field;
        ReadOnlySpan<byte> value;
        int valueStart = line.Length;
        int colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            field = line;
            value = default;
        }
        else
        {
            field = line[..colon];
            valueStart = colon + 1;
            if (valueStart < line.Length && line[valueStart] == (byte)' ')
            {
                valueStart++;
            }

            value = line[valueStart..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
                _dataPosition = -1;
            }
            else
            {
                _dataPosition = lineStart + valueStart;
            }

            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType.Clear();
            _eventType.Write(value);
        }
    }

    private void Dispatch()
    {
        if (_hasData)
        {
            ReadOnlySpan<byte> type = _eventType.Length > 0 ? _eventType.WrittenSpan : "message"u8;
            _sink.OnEvent(type, _data.WrittenSpan);
        }

        _data.Clear();
        _eventType.Clear();
        _hasData = false;
        _dataPosition = -1;
    }
}
