using System.Security.Cryptography;
using System.Text;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// A large streamed text turn for throughput: message_start, one text block of many
/// <c>text_delta</c> events, message_stop. Deterministic, so a client can check every byte it
/// received against <see cref="ExpectedHash"/>.
/// </summary>
internal sealed class BulkScript
{
    private readonly byte[] _head;
    private readonly byte[][] _deltas;
    private readonly byte[] _tail;

    public BulkScript(long totalBytes, int deltaChars)
    {
        _head = Encoding.UTF8.GetBytes(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01BenchBulk\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        _tail = Encoding.UTF8.GetBytes(
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":4096}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        // 26 rotations of the alphabet, so a reordered or repeated chunk changes the hash.
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        _deltas = new byte[26][];
        for (var r = 0; r < 26; r++)
        {
            var text = new StringBuilder(deltaChars);
            for (var i = 0; i < deltaChars; i++)
            {
                text.Append(i % 64 == 63 ? ' ' : letters[(i + r) % 26]);
            }

            _deltas[r] = Encoding.UTF8.GetBytes($"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{text}\"}}}}\n\n");
        }

        DeltaCount = Math.Max(1, (totalBytes - _head.Length - _tail.Length) / _deltas[0].Length);
        TotalBytes = _head.Length + _tail.Length + (DeltaCount * _deltas[0].Length);
    }

    public long DeltaCount { get; }

    public long TotalBytes { get; }

    /// <summary>The stream as a sequence of event-sized pieces.</summary>
    public IEnumerable<byte[]> Pieces()
    {
        yield return _head;
        for (long i = 0; i < DeltaCount; i++)
        {
            yield return _deltas[i % 26];
        }

        yield return _tail;
    }

    public byte[] ExpectedHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var piece in Pieces())
        {
            hash.AppendData(piece);
        }

        return hash.GetHashAndReset();
    }
}
