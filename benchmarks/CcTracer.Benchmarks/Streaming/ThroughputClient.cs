using System.Security.Cryptography;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>Reads bulk turns to the end and checks every byte against the script.</summary>
internal static class ThroughputClient
{
    /// <returns>Bytes read per second over the whole batch (MB/s, 1 MB = 10^6 bytes).</returns>
    public static async Task<double> RunAsync(ProxyPath path, BulkScript script, int concurrency, int deltaChars, byte[] expectedHash, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => ReadOneAsync(path, script, deltaChars, expectedHash, cancellationToken), cancellationToken))).ConfigureAwait(false);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        return script.TotalBytes * (double)concurrency / seconds / 1e6;
    }

    private static async Task ReadOneAsync(ProxyPath path, BulkScript script, int deltaChars, byte[] expectedHash, CancellationToken cancellationToken)
    {
        using var request = BenchRequests.Bulk(script.TotalBytes, deltaChars);
        using var response = await path.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure($"{path.Name}: HTTP {(int)response.StatusCode}; its stderr:\n{path.Process?.StandardError}");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            if (total != script.TotalBytes || !hash.GetHashAndReset().AsSpan().SequenceEqual(expectedHash))
            {
                throw new BenchFailure($"{path.Name}: the body differs from what upstream sent ({total} bytes read, {script.TotalBytes} sent)");
            }
        }
    }
}
