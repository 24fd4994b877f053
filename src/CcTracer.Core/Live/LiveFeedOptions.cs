namespace CcTracer.Live;

/// <summary>
/// Options of the <see cref="LiveFeed"/>. <c>AddCcTracerCore</c> takes them from
/// <c>TraceStoreOptions.LiveFeedBuffer</c>, so a host configures the store and its feed in one place.
/// </summary>
public sealed class LiveFeedOptions
{
    /// <summary>Subscribers may lag this many items before they are told they missed some (default 4,096).</summary>
    public int SubscriberBuffer { get; set; } = 4096;
}
