using System.Buffers;
using System.Text;

namespace CcTracer.Secrets;

/// <summary>
/// Finds secrets in raw bytes (a body, a payload, a rebuilt text) in one linear pass. Every
/// format and secret name starts with an ASCII anchor; windows of the input are widened to
/// Latin-1 chars so <see cref="SearchValues{T}"/> of strings can look for all anchors at once
/// (vectorised; a byte that is not ASCII never matches), and only at an anchor do the
/// recognisers run, each over a bounded stretch.
/// </summary>
internal static class SecretScanner
{
    /// <summary>The longest secret one match covers (a 4096-bit private key block is ~3.3 KB).</summary>
    public const int MaxMatch = 16 * 1024;

    // How far before an anchor a secret's name may begin (SecretAssignments reads it back).
    private const int NameReach = 64;
    private const int Window = 32 * 1024;

    // Longer than any anchor: one cut at a window's end is found whole in the next window.
    private const int AnchorTail = 16;

    private static readonly SearchValues<string> Anchors = SearchValues.Create(
        ["sk-", "AKIA", "ASIA", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "xox", "-----BEGIN ", "eyJ", "bearer ",
            "password", "passwd", "secret", "token", "api_key", "api-key", "apikey", "access_key", "access-key", "private_key"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends the secrets in <paramref name="data"/> to <paramref name="into"/>, in order, never overlapping.</summary>
    public static void Find(ReadOnlySpan<byte> data, List<SecretMatch> into) => Find(data, 0, data.Length, 0, into);

    /// <summary>Appends the secrets in <paramref name="data"/>, which may be in many segments, without copying it whole.</summary>
    public static void Find(in ReadOnlySequence<byte> data, List<SecretMatch> into)
    {
        if (data.IsSingleSegment)
        {
            Find(data.FirstSpan, into);
            return;
        }

        // Each segment is scanned with what is left of the ones before it in front, so a secret
        // that straddles two segments is seen whole; only anchors at least MaxMatch from the
        // buffer's end are decided before the next segment arrives.
        var buffer = ArrayPool<byte>.Shared.Rent(2 * MaxMatch + ChunkHint(data));
        try
        {
            var length = 0;
            long bufferBase = 0;
            var resume = 0;
            long consumed = 0;
            foreach (var memory in data)
            {
                consumed += memory.Length;
                if (buffer.Length < length + memory.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(length + memory.Length);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                memory.Span.CopyTo(buffer.AsSpan(length));
                length += memory.Length;
                var last = consumed == data.Length;
                var stopAt = last ? length : length - MaxMatch;
                if (stopAt > resume)
                {
                    resume = Find(buffer.AsSpan(0, length), resume, stopAt, bufferBase, into);
                }

                if (!last)
                {
                    var keep = Math.Max(0, Math.Min(resume, length) - NameReach);
                    buffer.AsSpan(keep, length - keep).CopyTo(buffer);
                    bufferBase += keep;
                    resume -= keep;
                    length -= keep;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ChunkHint(in ReadOnlySequence<byte> data) => data.First.Length;

    /// <summary>
    /// Scans anchors that start in [<paramref name="from"/>, <paramref name="stopAt"/>); matches may
    /// run past <paramref name="stopAt"/>. Returns where a following scan must resume.
    /// </summary>
    private static int Find(ReadOnlySpan<byte> data, int from, int stopAt, long baseOffset, List<SecretMatch> into)
    {
        var chars = ArrayPool<char>.Shared.Rent(Window + AnchorTail);
        try
        {
            var pos = from;
            var windowStart = 0;
            var windowLength = -1;
            while (pos < stopAt)
            {
                var windowEnd = windowStart + windowLength;
                if (windowLength < 0 || pos < windowStart || (pos > windowEnd - AnchorTail && windowEnd < data.Length))
                {
                    windowStart = pos;
                    windowLength = Math.Min(data.Length - pos, Window + AnchorTail);
                    Encoding.Latin1.GetChars(data.Slice(windowStart, windowLength), chars);
                    windowEnd = windowStart + windowLength;
                }

                var found = chars.AsSpan(pos - windowStart, windowEnd - pos).IndexOfAny(Anchors);
                if (found < 0)
                {
                    if (windowEnd >= data.Length)
                    {
                        break;
                    }

                    pos = windowEnd - AnchorTail + 1;
                    continue;
                }

                var at = pos + found;
                if (at >= stopAt)
                {
                    break;
                }

                pos = MatchAt(data, at, baseOffset, into);
            }

            return Math.Max(pos, stopAt);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // Returns where scanning continues: past the secret, or past the anchor when none is there.
    private static int MatchAt(ReadOnlySpan<byte> data, int at, long baseOffset, List<SecretMatch> into)
    {
        var end = SecretFormats.Match(data, at, out var kind);
        if (end > at)
        {
            into.Add(new SecretMatch(baseOffset + at, baseOffset + end, kind));
            return end;
        }

        var (valueStart, valueEnd) = SecretAssignments.Match(data, at, out kind);
        if (valueEnd > valueStart)
        {
            into.Add(new SecretMatch(baseOffset + valueStart, baseOffset + valueEnd, kind));
            return valueEnd;
        }

        return at + 1;
    }
}
