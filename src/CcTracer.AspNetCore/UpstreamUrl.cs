using System.Diagnostics.CodeAnalysis;

namespace CcTracer.AspNetCore;

/// <summary>
/// What may be an upstream: an absolute http(s) URL. The one check behind the options validator and
/// cc-tracer's <c>--upstream</c> and inherited <c>ANTHROPIC_BASE_URL</c>, so they cannot disagree.
/// </summary>
internal static class UpstreamUrl
{
    public static bool IsValid([NotNullWhen(true)] Uri? uri)
        => uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The URL, or null when <paramref name="text"/> is not an absolute http(s) URL.</summary>
    public static Uri? Parse(string? text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && IsValid(uri) ? uri : null;
}
