using System.Text;
using CcTracer.Live;
using Xunit;

namespace CcTracer.Core.Tests.Live;

public sealed class LiveProgressTests
{
    private static LiveFeed NewFeed() => new(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()));

    [Fact]
    public void A_progress_report_reaches_subscribers_in_the_shape_the_ui_reads()
    {
        var feed = NewFeed();
        using var subscription = feed.Subscribe();

        LiveProgress.Publish(feed, "s-1", "ex\"1", TimeSpan.FromTicks(12_345_678), 7, 4096, 321);

        Assert.True(subscription.Reader.TryRead(out var item));
        Assert.Equal("progress", item.Event);
        Assert.Equal("s-1", item.SessionId);
        Assert.Equal(
            "{\"session_id\":\"s-1\",\"exchange_id\":\"ex\\u00221\",\"t_ms\":1234.568,\"events\":7,\"bytes\":4096,\"output_chars\":321}",
            Encoding.UTF8.GetString(item.Data.Span));
    }

    [Fact]
    public void A_progress_report_for_one_session_is_not_shown_to_a_subscriber_of_another()
    {
        var feed = NewFeed();
        using var other = feed.Subscribe("s-2");

        LiveProgress.Publish(feed, "s-1", "ex-1", TimeSpan.FromMilliseconds(5), 1, 10, 0);

        Assert.False(other.Reader.TryRead(out _));
    }
}
