using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class EventTimingListTests
{
    [Fact]
    public void Keeps_every_event_in_order_across_segments()
    {
        var list = new EventTimingList();
        for (int i = 0; i < 5000; i++)
        {
            list.Add(new SseEventTiming("content_block_delta", TimeSpan.FromTicks(i)));
        }

        Assert.Equal(5000, list.Count);
        Assert.Equal(TimeSpan.FromTicks(31), list[31].Offset);
        Assert.Equal(TimeSpan.FromTicks(1024), list[1024].Offset);
        Assert.Equal(TimeSpan.FromTicks(4999), list[4999].Offset);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), list.Select(e => e.Offset.Ticks));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[5000]);
    }
}
