using Microsoft.Extensions.Options;

namespace CcTracer.Live;

/// <summary>
/// Fans accepted records and streaming progress out to any number of subscribers (browser tabs,
/// tests). Publishing never blocks: each subscriber has its own bounded buffer.
/// </summary>
public sealed class LiveFeed
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private LiveSubscription[] _subscribers = [];

    /// <summary>Creates a feed whose subscribers each buffer <see cref="LiveFeedOptions.SubscriberBuffer"/> items.</summary>
    public LiveFeed(IOptions<LiveFeedOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.SubscriberBuffer;
    }

    /// <summary>Current number of subscribers.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Subscribes to every session, or to one.</summary>
    public LiveSubscription Subscribe(string? sessionId = null)
    {
        var subscription = new LiveSubscription(this, sessionId, _capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>Offers an item to every subscriber; never blocks, never throws.</summary>
    public void Publish(LiveItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(item);
        }
    }

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }
}
