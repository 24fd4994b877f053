using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// Reads a timestamped turn and records, per event, the time from the upstream's write to the
/// read that completed the event here (same machine, same monotonic clock).
/// </summary>
internal static class LatencyClient
{
    /// <returns>Per-event delays in microseconds, in arrival order.</returns>
    public static async Task<double[]> RunAsync(ProxyPath path, int events, int intervalUs, CancellationToken cancellationToken)
    {
        using var request = BenchRequests.Turn(events, intervalUs);
        using var response = await path.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure($"{path.Name}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var delays = new List<double>(events);
            var buffer = new byte[256 * 1024];
            var filled = 0;
            var scanned = 0;
            var eventStart = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var now = Stopwatch.GetTimestamp();
                filled += read;
                while (true)
                {
                    var end = buffer.AsSpan(scanned, filled - scanned).IndexOf("\n\n"u8);
                    if (end < 0)
                    {
                        scanned = Math.Max(eventStart, filled - 1);
                        break;
                    }

                    var eventBytes = buffer.AsSpan(eventStart, scanned + end - eventStart);
                    var at = eventBytes.LastIndexOf(TurnScript.TimestampMarker);
                    if (at < 0 || !Utf8Parser.TryParse(eventBytes[(at + TurnScript.TimestampMarker.Length)..], out long sent, out _))
                    {
                        throw new BenchFailure($"{path.Name}: an event arrived without its timestamp: {System.Text.Encoding.UTF8.GetString(eventBytes)}");
                    }

                    delays.Add((now - sent) * 1_000_000.0 / Stopwatch.Frequency);
                    eventStart = scanned = scanned + end + 2;
                }

                if (eventStart > 0 && filled > buffer.Length / 2)
                {
                    buffer.AsSpan(eventStart, filled - eventStart).CopyTo(buffer);
                    filled -= eventStart;
                    scanned -= eventStart;
                    eventStart = 0;
                }

                if (filled == buffer.Length)
                {
                    throw new BenchFailure($"{path.Name}: an event larger than {buffer.Length} bytes");
                }
            }

            if (delays.Count != events || filled != eventStart)
            {
                throw new BenchFailure($"{path.Name}: got {delays.Count} complete events of {events} ({filled - eventStart} bytes left over)");
            }

            return [.. delays];
        }
    }
}
