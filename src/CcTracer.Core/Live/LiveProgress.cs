using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CcTracer.Live;

/// <summary>
/// The <c>progress</c> item of the live feed (docs/http-api.md): how a streaming turn is doing.
/// Capture reports it straight to the feed; it is never stored, the finished turn is.
/// </summary>
internal static class LiveProgress
{
    /// <summary>Publishes one progress report, if anyone listens (no subscriber, no JSON made).</summary>
    /// <param name="feed">The feed to publish to.</param>
    /// <param name="sessionId">The session, already normalized (it is written as is).</param>
    /// <param name="exchangeId">The exchange the turn belongs to.</param>
    /// <param name="elapsed">Since the request started.</param>
    /// <param name="events">SSE events applied so far.</param>
    /// <param name="bytes">Wire bytes read so far.</param>
    /// <param name="outputChars">Characters of output text so far.</param>
    public static void Publish(LiveFeed feed, string sessionId, string exchangeId, TimeSpan elapsed, int events, long bytes, long outputChars)
    {
        if (feed.SubscriberCount == 0)
        {
            return;
        }

        var json = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"session_id\":\"{sessionId}\",\"exchange_id\":{JsonSerializer.Serialize(exchangeId)},\"t_ms\":{elapsed.TotalMilliseconds:0.###},\"events\":{events},\"bytes\":{bytes},\"output_chars\":{outputChars}}}");
        feed.Publish(new LiveItem("progress", sessionId, Encoding.UTF8.GetBytes(json)));
    }
}
