using System.Threading.Channels;

namespace CcTracer.Live;

/// <summary>
/// A subscriber's view of the live feed. Reading is the subscriber's pace: when it falls more
/// than the buffer behind, items are dropped for it alone and a <c>dropped</c> item tells it how
/// many, so a slow browser tab never slows capture.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveFeed _feed;
    private readonly Channel<LiveItem> _channel;
    private long _missed;

    internal LiveSubscription(LiveFeed feed, string? sessionFilter, int capacity)
    {
        _feed = feed;
        SessionFilter = sessionFilter;
        _channel = Channel.CreateBounded<LiveItem>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: "full" means "drop and count"
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Only items of this session, or every session when <see langword="null"/>.</summary>
    public string? SessionFilter { get; }

    /// <summary>The items, in publication order.</summary>
    public ChannelReader<LiveItem> Reader => _channel.Reader;

    /// <summary>Items dropped for this subscriber since it subscribed.</summary>
    public long TotalMissed { get; private set; }

    internal void Offer(LiveItem item)
    {
        if (SessionFilter is not null && !string.Equals(SessionFilter, item.SessionId, StringComparison.Ordinal))
        {
            return;
        }

        lock (_channel)
        {
            if (_missed > 0)
            {
                var notice = new LiveItem("dropped", item.SessionId, System.Text.Encoding.UTF8.GetBytes($"{{\"count\":{_missed}}}"));
                if (!_channel.Writer.TryWrite(notice))
                {
                    _missed++;
                    TotalMissed++;
                    return;
                }

                _missed = 0;
            }

            if (!_channel.Writer.TryWrite(item))
            {
                _missed++;
                TotalMissed++;
            }
        }
    }

    /// <summary>Stops the subscription.</summary>
    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _feed.Remove(this);
    }
}
