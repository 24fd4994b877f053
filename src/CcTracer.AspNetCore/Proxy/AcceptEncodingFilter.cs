using System.Net.Http.Headers;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Narrows the <c>Accept-Encoding</c> sent upstream to codings capture can undo. The client gets
/// upstream's bytes untouched, so whatever upstream picks must be one the tracer can decode for
/// its own copy; Claude Code offers <c>zstd</c>, which the framework cannot decompress.
/// </summary>
internal static class AcceptEncodingFilter
{
    private const string HeaderName = "Accept-Encoding";

    /// <summary>Rewrites the header in place, keeping <c>gzip</c>, <c>deflate</c>, <c>br</c> and <c>identity</c> with their weights.</summary>
    public static void Apply(HttpRequestHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(HeaderName, out var values))
        {
            return;
        }

        var kept = new List<string>();
        foreach (var value in values)
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IsDecodable(part))
                {
                    kept.Add(part);
                }
            }
        }

        headers.Remove(HeaderName);
        if (kept.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderName, string.Join(", ", kept));
        }
    }

    /// <summary>Whether one list item (<c>br</c>, <c>gzip;q=0.8</c>) names a coding capture can decode.</summary>
    internal static bool IsDecodable(string item)
    {
        var semicolon = item.IndexOf(';', StringComparison.Ordinal);
        var coding = (semicolon >= 0 ? item[..semicolon] : item).Trim();

        // "*" would let upstream choose anything, including zstd: drop it.
        return coding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
            || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)
            || coding.Equals("deflate", StringComparison.OrdinalIgnoreCase)
            || coding.Equals("br", StringComparison.OrdinalIgnoreCase)
            || coding.Equals("identity", StringComparison.OrdinalIgnoreCase);
    }
}
