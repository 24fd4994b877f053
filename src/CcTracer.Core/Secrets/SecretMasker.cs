using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CcTracer.Secrets;

/// <summary>
/// Replaces secrets with markers, <c>[masked:KIND:HASH]</c>, before a record is written or shown.
/// The hash is the first 4 bytes of HMAC-SHA-256 under the install's <see cref="MaskKey"/>: too
/// short and keyed to give anything back, stable so two uses of one secret match. Only stored
/// copies are masked; the bytes on the wire are never touched.
/// </summary>
internal sealed class SecretMasker
{
    private readonly byte[] _key;

    public SecretMasker(byte[] key, bool maskBodies)
    {
        _key = key;
        MaskBodies = maskBodies;
    }

    /// <summary>Whether bodies and hook payloads are scanned; headers and the query always are.</summary>
    public bool MaskBodies { get; }

    /// <summary>The marker's hash of a secret: 8 lowercase hex digits.</summary>
    public string Hash(ReadOnlySpan<byte> secret)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, secret, mac);
        return Convert.ToHexStringLower(mac[..4]);
    }

    /// <summary>The marker of one secret, reported under <paramref name="where"/>.</summary>
    public byte[] Marker(ReadOnlySpan<byte> secret, string kind, string where, MaskReport report)
    {
        var hash = Hash(secret);
        report.Add(where, kind, hash);
        return Encoding.ASCII.GetBytes($"[masked:{kind}:{hash}]");
    }

    /// <summary>
    /// The body with every secret found replaced by its marker, each reported under
    /// <paramref name="where"/>; <see langword="null"/> (nothing copied) when there is none.
    /// </summary>
    public byte[]? MaskBytes(in ReadOnlySequence<byte> body, string where, MaskReport report)
    {
        var matches = new List<SecretMatch>();
        SecretScanner.Find(body, matches);
        return matches.Count == 0 ? null : Replace(body, matches, where, report);
    }

    /// <summary>A text with its secrets masked; the same instance when it has none.</summary>
    public string MaskText(string text, string where, MaskReport report)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return MaskBytes(new ReadOnlySequence<byte>(utf8), where, report) is { } masked ? Encoding.UTF8.GetString(masked) : text;
    }

    /// <summary>
    /// A header value as it may be stored. A credential header keeps no byte of its secret, however
    /// short; what is kept is what says how it was used: an auth scheme, cookie names.
    /// </summary>
    public string MaskHeader(string name, string value, MaskReport report)
    {
        if (string.IsNullOrEmpty(value) || !CredentialNames.IsCredentialHeader(name))
        {
            return value;
        }

        var where = "header:" + name.ToLowerInvariant();
        if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
        {
            return MaskCookies(value, where, report, onlyFirst: false);
        }

        if (name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
        {
            return MaskCookies(value, where, report, onlyFirst: true);
        }

        // "Bearer xyz", "Basic xyz": the scheme says how the caller authenticated.
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space is > 0 and <= 16 && IsScheme(value.AsSpan(0, space)))
        {
            return value[..(space + 1)] + Marker(value[(space + 1)..], where, report, space == 6 && value.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) ? SecretKinds.Bearer : SecretKinds.Credential);
        }

        return Marker(value, where, report, SecretKinds.Credential);
    }

    /// <summary>
    /// A request path as it may be stored: credential query parameters masked whole (<c>?api_key=</c>),
    /// then any known secret format anywhere in it.
    /// </summary>
    public string MaskPathAndQuery(string pathAndQuery, MaskReport report)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var result = pathAndQuery;
        if (question >= 0)
        {
            var parts = pathAndQuery[(question + 1)..].Split('&');
            for (var i = 0; i < parts.Length; i++)
            {
                var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && equals < parts[i].Length - 1 && CredentialNames.IsCredentialQuery(Uri.UnescapeDataString(parts[i][..equals])))
                {
                    var queryName = parts[i][..equals];
                    parts[i] = queryName + "=" + Marker(parts[i][(equals + 1)..], "query:" + queryName.ToLowerInvariant(), report, SecretKinds.Credential);
                }
            }

            result = pathAndQuery[..(question + 1)] + string.Join('&', parts);
        }

        return MaskText(result, "path", report);
    }

    private string MaskCookies(string value, string where, MaskReport report, bool onlyFirst)
    {
        var pairs = value.Split(';');
        var count = onlyFirst ? 1 : pairs.Length;
        for (var i = 0; i < count; i++)
        {
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var secret = equals < 0 ? pairs[i].Trim() : pairs[i][(equals + 1)..];
            if (secret.Length == 0)
            {
                continue;
            }

            var head = equals < 0 ? pairs[i][..(pairs[i].Length - pairs[i].TrimStart().Length)] : pairs[i][..(equals + 1)];
            pairs[i] = head + Marker(secret, where, report, SecretKinds.Cookie);
        }

        return string.Join(';', pairs);
    }

    // A whole value as one marker, named for its format when it has a known one.
    private string Marker(string secret, string where, MaskReport report, string fallbackKind)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        var kind = SecretFormats.Match(utf8, 0, out var format) == utf8.Length && utf8.Length > 0 ? format : fallbackKind;
        var hash = Hash(utf8);
        report.Add(where, kind, hash);
        return $"[masked:{kind}:{hash}]";
    }

    private byte[] Replace(in ReadOnlySequence<byte> body, List<SecretMatch> matches, string where, MaskReport report)
    {
        // Markers first, so the masked copy is made once at its exact size (bodies can be 100 MB).
        var markers = new byte[matches.Count][];
        var length = body.Length;
        var secret = ArrayPool<byte>.Shared.Rent(SecretScanner.MaxMatch);
        try
        {
            for (var i = 0; i < matches.Count; i++)
            {
                var match = matches[i];
                var span = secret.AsSpan(0, (int)match.Length);
                body.Slice(match.Start, span.Length).CopyTo(span);
                markers[i] = Marker(span, match.Kind, where, report);
                length += markers[i].Length - match.Length;
            }
        }
        finally
        {
            // The secrets' bytes do not linger in a pooled buffer someone else gets next.
            ArrayPool<byte>.Shared.Return(secret, clearArray: true);
        }

        var output = new byte[length];
        var written = 0;
        long copied = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var gap = body.Slice(copied, matches[i].Start - copied);
            gap.CopyTo(output.AsSpan(written));
            written += (int)gap.Length;
            markers[i].CopyTo(output.AsSpan(written));
            written += markers[i].Length;
            copied = matches[i].End;
        }

        body.Slice(copied).CopyTo(output.AsSpan(written));
        return output;
    }

    private static bool IsScheme(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
