using System.IO.Compression;

namespace CcTracer.Decoding;

/// <summary>
/// Removes an HTTP <c>Content-Encoding</c> so the tracer can read its own copy of a response body.
/// </summary>
/// <remarks>
/// Supported: <c>gzip</c>, <c>x-gzip</c>, <c>deflate</c> (zlib-wrapped as RFC 9110 says, with a fallback to raw
/// deflate because some servers send that), <c>br</c>, and <c>identity</c> or no encoding. A list such as
/// <c>gzip, br</c> is undone in reverse order. <c>zstd</c> is not supported: the framework has no zstd
/// decoder, so the proxy strips it from <c>Accept-Encoding</c> and upstream never sends it.
/// </remarks>
internal static class ContentDecoding
{
    /// <summary>Whether every coding named in <paramref name="contentEncoding"/> can be decoded (no value means identity).</summary>
    public static bool IsSupported(string? contentEncoding)
    {
        foreach (string coding in Codings(contentEncoding))
        {
            if (!IsSupportedCoding(coding))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Wraps <paramref name="encoded"/> in a stream that yields the decoded bytes. For identity (or no
    /// encoding) <paramref name="encoded"/> itself is returned.
    /// </summary>
    /// <param name="encoded">The body as received.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header value.</param>
    /// <param name="leaveOpen">Whether disposing the returned stream leaves <paramref name="encoded"/> open.</param>
    /// <exception cref="NotSupportedException">A coding is not supported (check <see cref="IsSupported"/> first).</exception>
    public static Stream CreateDecodingStream(Stream encoded, string? contentEncoding, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!IsSupported(contentEncoding))
        {
            throw new NotSupportedException($"Content-Encoding '{contentEncoding}' is not supported.");
        }

        List<string> codings = Codings(contentEncoding);
        Stream stream = encoded;

        // Codings are listed in the order they were applied; undo the last one first.
        for (int i = codings.Count - 1; i >= 0; i--)
        {
            // Only the innermost wrapper may leave the caller's stream open; outer ones own their inner stream.
            bool keepInner = stream == encoded && leaveOpen;
            stream = codings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress, keepInner),
                "deflate" => new ZLibOrDeflateStream(stream, keepInner),
                "br" => new BrotliStream(stream, CompressionMode.Decompress, keepInner),
                _ => stream,
            };
        }

        return stream;
    }

    /// <summary>Decodes a whole body held in memory; for identity (or no encoding) <paramref name="encoded"/> itself is returned.</summary>
    /// <param name="encoded">The body as received.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header value.</param>
    /// <exception cref="NotSupportedException">A coding is not supported.</exception>
    /// <exception cref="InvalidDataException">The data is not valid for its coding.</exception>
    public static byte[] Decode(byte[] encoded, string? contentEncoding)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (Codings(contentEncoding).Count == 0 && IsSupported(contentEncoding))
        {
            return encoded;
        }

        using var input = new MemoryStream(encoded, writable: false);
        using Stream decoding = CreateDecodingStream(input, contentEncoding);
        using var output = new MemoryStream(encoded.Length * 4);
        decoding.CopyTo(output);
        return output.ToArray();
    }

    private static bool IsSupportedCoding(string coding) => coding is "gzip" or "x-gzip" or "deflate" or "br" or "identity";

    private static List<string> Codings(string? contentEncoding)
    {
        var codings = new List<string>();
        if (string.IsNullOrWhiteSpace(contentEncoding))
        {
            return codings;
        }

        foreach (string part in contentEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string coding = part.ToLowerInvariant();
            if (coding != "identity")
            {
                codings.Add(coding);
            }
        }

        return codings;
    }
}
