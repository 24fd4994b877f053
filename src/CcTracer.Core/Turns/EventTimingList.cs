using System.Collections;

namespace CcTracer.Turns;

/// <summary>
/// An append-only list of event timings stored in fixed-size segments. A turn can have tens of thousands
/// of events; unlike <see cref="List{T}"/> it never copies on growth, so recording an event costs its
/// 16 bytes and nothing more.
/// </summary>
internal sealed class EventTimingList : IReadOnlyList<SseEventTiming>
{
    private const int SegmentShift = 10;
    private const int SegmentSize = 1 << SegmentShift;
    private readonly List<SseEventTiming[]> _segments = [];
    private int _count;

    public int Count => _count;

    public SseEventTiming this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _segments[index >> SegmentShift][index & (SegmentSize - 1)];
        }
    }

    public void Add(SseEventTiming timing)
    {
        int slot = _count & (SegmentSize - 1);
        if (slot == 0)
        {
            // Small turns (a title request has a dozen events) should not pay for a full segment.
            _segments.Add(new SseEventTiming[_count == 0 ? 32 : SegmentSize]);
        }
        else if (_count < SegmentSize && slot == _segments[0].Length)
        {
            Array.Resize(ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_segments)[0], Math.Min(SegmentSize, slot * 4));
        }

        _segments[^1][slot] = timing;
        _count++;
    }

    public IEnumerator<SseEventTiming> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
