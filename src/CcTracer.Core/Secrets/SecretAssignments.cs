using System.Text;

namespace CcTracer.Secrets;

/// <summary>
/// Recognises a secret given a name: <c>DB_PASSWORD=…</c> in an <c>env</c> dump,
/// <c>"password": "…"</c> in JSON (also JSON inside a JSON string, <c>\"password\": \"…\"</c>),
/// <c>api_key: …</c> in YAML, <c>token=…</c> in a URL. Only the value is masked, so the name
/// still says what was there.
/// </summary>
internal static class SecretAssignments
{
    private const int MaxName = 64;

    // A name is a secret's when it ENDS with one of these: "max_tokens" and "token_count" are not.
    private static readonly (byte[] Suffix, string Kind)[] Names =
    [
        ("secret_access_key"u8.ToArray(), SecretKinds.AwsSecret),
        ("password"u8.ToArray(), SecretKinds.Password),
        ("passwd"u8.ToArray(), SecretKinds.Password),
        ("secret"u8.ToArray(), SecretKinds.Secret),
        ("secret_key"u8.ToArray(), SecretKinds.Secret),
        ("private_key"u8.ToArray(), SecretKinds.Secret),
        ("token"u8.ToArray(), SecretKinds.Token),
        ("api_key"u8.ToArray(), SecretKinds.ApiKey),
        ("apikey"u8.ToArray(), SecretKinds.ApiKey),
        ("access_key"u8.ToArray(), SecretKinds.ApiKey),
    ];

    /// <summary>
    /// At an anchor (a name keyword) inside <paramref name="data"/>: returns the value's extent, or
    /// <c>(-1, -1)</c> when no assignment of a secret-named value starts here.
    /// </summary>
    public static (int Start, int End) Match(ReadOnlySpan<byte> data, int at, out string kind)
    {
        kind = string.Empty;
        var nameStart = at;
        while (nameStart > 0 && at - nameStart < MaxName && IsNameByte(data[nameStart - 1]))
        {
            nameStart--;
        }

        var nameEnd = at;
        while (nameEnd < data.Length && nameEnd - at < MaxName && IsNameByte(data[nameEnd]))
        {
            nameEnd++;
        }

        // A marker's kind ("[masked:api-key:…]") is a name too: what is masked stays masked once.
        if (!TryKind(data[nameStart..nameEnd], out kind) || (nameStart >= 8 && data[(nameStart - 8)..nameStart].SequenceEqual("[masked:"u8)))
        {
            return (-1, -1);
        }

        // Closing quote of the name: none, ", ' or \" (JSON inside a JSON string).
        var p = nameEnd;
        var jsonKey = false;
        if (p < data.Length && data[p] is (byte)'"' or (byte)'\'')
        {
            // "name" in raw JSON (not \"name\" inside a string): what follows is JSON syntax.
            jsonKey = data[p] == (byte)'"' && nameStart > 0 && data[nameStart - 1] == (byte)'"' && (nameStart < 2 || data[nameStart - 2] != (byte)'\\');
            p++;
        }
        else if (EscapedQuote(data[p..]) is var quote and > 0)
        {
            p += quote;
        }

        p = SkipSpaces(data, p);
        if (p >= data.Length || data[p] is not ((byte)'=' or (byte)':'))
        {
            return (-1, -1);
        }

        p = SkipSpaces(data, p + 1);
        var (start, end) = Value(data, p, jsonKey);
        if (start < 0 || !IsSecretValue(data[start..end]))
        {
            return (-1, -1);
        }

        // The value may itself have a known shape (ANTHROPIC_API_KEY=sk-ant-…): name that instead.
        if (SecretFormats.Match(data, start, out var format) > 0 && format.Length > 0)
        {
            kind = format;
        }

        return (start, end);
    }

    private static (int Start, int End) Value(ReadOnlySpan<byte> data, int p, bool jsonKey)
    {
        if (p >= data.Length)
        {
            return (-1, -1);
        }

        var limit = Math.Min(data.Length, p + SecretScanner.MaxMatch);
        if (EscapedQuote(data[p..]) is var quote and > 0)
        {
            // JSON inside a JSON string: the value ends at the next quote escaped the same way.
            var close = data[(p + quote)..limit].IndexOf(data.Slice(p, quote));
            return (p + quote, close < 0 ? limit : p + quote + close);
        }

        if (data[p] == (byte)'"')
        {
            for (var i = p + 1; i < limit; i++)
            {
                if (data[i] == (byte)'\\')
                {
                    i++;
                }
                else if (data[i] == (byte)'"')
                {
                    return (p + 1, i);
                }
            }

            return (p + 1, limit);
        }

        if (data[p] == (byte)'\'')
        {
            var close = data[(p + 1)..limit].IndexOfAny((byte)'\'', (byte)'\\', (byte)'"');
            return (p + 1, close < 0 ? limit : p + 1 + close);
        }

        // Unquoted after a JSON key it is a number or a literal: masking it would break the JSON.
        if (jsonKey)
        {
            return (-1, -1);
        }

        var end = p;
        while (end < limit && !IsValueDelimiter(data[end]))
        {
            end++;
        }

        return (p, end);
    }

    // A quote inside a JSON string: \" as most writers escape it, \u0022 as .NET's default encoder does.
    private static int EscapedQuote(ReadOnlySpan<byte> data)
        => data.StartsWith("\\\""u8) ? 2 : data.StartsWith("\\u0022"u8) ? 6 : 0;

    private static bool IsValueDelimiter(byte b)
        => b <= (byte)' ' || b is (byte)'"' or (byte)'\'' or (byte)'\\' or (byte)'&' or (byte)',' or (byte)';'
            or (byte)'}' or (byte)']' or (byte)')' or (byte)'<' or (byte)'>';

    private static bool IsSecretValue(ReadOnlySpan<byte> value)
    {
        // Prose and placeholders are no secret: "token: is", null, an already masked value.
        if (value.Length < 3 || value.StartsWith("[masked:"u8) || value.StartsWith("[redacted"u8))
        {
            return false;
        }

        return !(Ascii.EqualsIgnoreCase(value, "null"u8) || Ascii.EqualsIgnoreCase(value, "true"u8) || Ascii.EqualsIgnoreCase(value, "false"u8)
            || Ascii.EqualsIgnoreCase(value, "none"u8) || Ascii.EqualsIgnoreCase(value, "undefined"u8));
    }

    private static int SkipSpaces(ReadOnlySpan<byte> data, int p)
    {
        var limit = Math.Min(data.Length, p + 8);
        while (p < limit && data[p] is (byte)' ' or (byte)'\t')
        {
            p++;
        }

        return p;
    }

    private static bool IsNameByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'.';

    private static bool TryKind(ReadOnlySpan<byte> name, out string kind)
    {
        Span<byte> lower = stackalloc byte[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var b = name[i];
            lower[i] = b == (byte)'-' ? (byte)'_' : (byte)char.ToLowerInvariant((char)b);
        }

        foreach (var (suffix, k) in Names)
        {
            if (lower.EndsWith(suffix))
            {
                kind = k;
                return true;
            }
        }

        kind = string.Empty;
        return false;
    }
}
