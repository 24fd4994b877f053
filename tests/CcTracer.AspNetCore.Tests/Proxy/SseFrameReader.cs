using System.Text;

namespace CcTracer.AspNetCore.Tests.Proxy;

/// <summary>Reads a client-side SSE stream one complete event (up to its blank line) at a time.</summary>
internal sealed class SseFrameReader
{
    private readonly Stream _stream;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[8192];

    public SseFrameReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next event's exact text including its terminating blank line, or null at the end.</summary>
    public async Task<string?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = FrameEnd();
            if (end > 0)
            {
                var frame = Encoding.UTF8.GetString(_pending.GetRange(0, end).ToArray());
                _pending.RemoveRange(0, end);
                return frame;
            }

            var read = await _stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }

    private int FrameEnd()
    {
        for (var i = 1; i < _pending.Count; i++)
        {
            if (_pending[i] == '\n' && _pending[i - 1] == '\n')
            {
                return i + 1;
            }
        }

        return 0;
    }
}
