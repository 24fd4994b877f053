using System.Text;
using CcTracer.Live;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CcTracer.AspNetCore.Tests.DependencyInjection;

/// <summary>The store's <c>LiveFeedBuffer</c> is what the registered feed gives each subscriber, though the feed has options of its own.</summary>
public sealed class LiveFeedBufferTests
{
    [Fact]
    public void Store_option_sizes_the_registered_feeds_subscriber_buffer()
    {
        var services = new ServiceCollection();
        services.AddCcTracer(configureStore: store => store.LiveFeedBuffer = 16);
        using var provider = services.BuildServiceProvider();
        var feed = provider.GetRequiredService<LiveFeed>();
        using var subscription = feed.Subscribe();

        for (var i = 0; i < 40; i++)
        {
            feed.Publish(new LiveItem("record", "s", Encoding.UTF8.GetBytes($"{{\"seq\":{i}}}")));
        }

        var kept = 0;
        while (subscription.Reader.TryRead(out _))
        {
            kept++;
        }

        Assert.Equal(16, kept);
    }
}
