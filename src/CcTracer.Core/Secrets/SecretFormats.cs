namespace CcTracer.Secrets;

/// <summary>
/// Recognisers for secrets with a known shape, each called at an anchor the scanner found. Each
/// walks forward only, over at most <see cref="SecretScanner.MaxMatch"/> bytes, so a scan stays
/// linear in the input whatever it holds (no pattern engine, no backtracking).
/// </summary>
internal static class SecretFormats
{
    /// <summary>
    /// Recognises a known format starting exactly at <paramref name="at"/>; returns the end of the
    /// secret (exclusive) or -1. The caller has checked that an anchor starts there.
    /// </summary>
    public static int Match(ReadOnlySpan<byte> data, int at, out string kind)
    {
        kind = string.Empty;
        var rest = data[at..];
        switch (rest[0])
        {
            case (byte)'s' when rest.StartsWith("sk-"u8):
                return AtBoundary(data, at) ? ApiKey(data, at, out kind) : -1;
            case (byte)'A' when rest.StartsWith("AKIA"u8) || rest.StartsWith("ASIA"u8):
                kind = SecretKinds.AwsKeyId;
                return AtBoundary(data, at) ? AwsKeyId(data, at) : -1;
            case (byte)'g' when AtBoundary(data, at):
                kind = SecretKinds.GitHub;
                return GitHub(data, at);
            case (byte)'x' when rest.StartsWith("xox"u8) && AtBoundary(data, at):
                kind = SecretKinds.Slack;
                return Slack(data, at);
            case (byte)'-' when rest.StartsWith("-----BEGIN "u8):
                kind = SecretKinds.PrivateKey;
                return PrivateKey(data, at);
            case (byte)'e' when rest.StartsWith("eyJ"u8) && AtBoundary(data, at):
                kind = SecretKinds.Jwt;
                return Jwt(data, at);
            case (byte)'B' or (byte)'b' when AtBoundary(data, at):
                kind = SecretKinds.Bearer;
                return Bearer(data, at);
            default:
                return -1;
        }
    }

    /// <summary>
    /// Whether the byte before <paramref name="at"/> ends a word: "disk-usage" holds no key at
    /// "sk-". A letter that is the tail of a JSON escape (<c>\n</c>, <c>\t</c>) counts as a boundary,
    /// since in an escaped body a line break reads as those two bytes.
    /// </summary>
    public static bool AtBoundary(ReadOnlySpan<byte> data, int at)
    {
        if (at == 0 || !IsWordByte(data[at - 1]))
        {
            return true;
        }

        return at >= 2 && data[at - 2] == (byte)'\\' && data[at - 1] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'b' or (byte)'f';
    }

    public static bool IsWordByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-';

    private static bool IsTokenByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-';

    private static int Run(ReadOnlySpan<byte> data, int from, Func<byte, bool> accepts)
    {
        var limit = Math.Min(data.Length, from + SecretScanner.MaxMatch);
        var i = from;
        while (i < limit && accepts(data[i]))
        {
            i++;
        }

        return i;
    }

    private static int ApiKey(ReadOnlySpan<byte> data, int at, out string kind)
    {
        var anthropic = data[at..].StartsWith("sk-ant-"u8);
        kind = anthropic ? SecretKinds.Anthropic : SecretKinds.OpenAi;
        var bodyStart = at + (anthropic ? 7 : 3);
        var end = Run(data, bodyStart, IsTokenByte);

        // Real keys are long and random: "sk-this-is-a-long-identifier" has no digit and is no key.
        return end - bodyStart >= 20 && HasDigitAndLetter(data[bodyStart..end]) ? end : -1;
    }

    private static int AwsKeyId(ReadOnlySpan<byte> data, int at)
    {
        var end = Run(data, at + 4, b => char.IsAsciiLetterUpper((char)b) || char.IsAsciiDigit((char)b));
        return end - at == 20 && (end == data.Length || !IsWordByte(data[end])) ? end : -1;
    }

    private static int GitHub(ReadOnlySpan<byte> data, int at)
    {
        var rest = data[at..];
        if (rest.StartsWith("github_pat_"u8))
        {
            var patEnd = Run(data, at + 11, IsTokenByte);
            return patEnd - at - 11 >= 22 ? patEnd : -1;
        }

        if (rest.Length < 4 || rest[0] != (byte)'g' || rest[1] != (byte)'h' || rest[2] is not ((byte)'p' or (byte)'o' or (byte)'s' or (byte)'u' or (byte)'r') || rest[3] != (byte)'_')
        {
            return -1;
        }

        var end = Run(data, at + 4, b => char.IsAsciiLetterOrDigit((char)b));
        return end - at - 4 >= 30 ? end : -1;
    }

    private static int Slack(ReadOnlySpan<byte> data, int at)
    {
        if (data.Length < at + 5 || data[at + 3] is not ((byte)'a' or (byte)'b' or (byte)'p' or (byte)'r' or (byte)'s') || data[at + 4] != (byte)'-')
        {
            return -1;
        }

        var end = Run(data, at + 5, b => char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-');
        return end - at - 5 >= 10 ? end : -1;
    }

    private static int Jwt(ReadOnlySpan<byte> data, int at)
    {
        // header.payload.signature, each base64url; the header of every JWT starts {" = eyJ.
        var headerEnd = Run(data, at, IsTokenByte);
        if (headerEnd - at < 10 || headerEnd >= data.Length || data[headerEnd] != (byte)'.')
        {
            return -1;
        }

        var payloadEnd = Run(data, headerEnd + 1, IsTokenByte);
        if (payloadEnd - headerEnd - 1 < 4 || payloadEnd >= data.Length || data[payloadEnd] != (byte)'.')
        {
            return -1;
        }

        return Run(data, payloadEnd + 1, IsTokenByte);
    }

    private static int Bearer(ReadOnlySpan<byte> data, int at)
    {
        // "Authorization: Bearer <token>" pasted into a command or a file; case as people type it.
        if (data.Length < at + 7 || !System.Text.Ascii.EqualsIgnoreCase(data.Slice(at, 7), "bearer "u8))
        {
            return -1;
        }

        var start = at + 7;
        var end = Run(data, start, b => IsTokenByte(b) || b is (byte)'.' or (byte)'~' or (byte)'+' or (byte)'/' or (byte)'=');
        return end - start >= 12 && HasDigitAndLetter(data[start..end]) ? end : -1;
    }

    private static int PrivateKey(ReadOnlySpan<byte> data, int at)
    {
        // "-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----" on one line; a certificate or
        // public key block is no secret.
        var window = data[at..Math.Min(data.Length, at + SecretScanner.MaxMatch)];
        var headEnd = window[..Math.Min(window.Length, 80)].IndexOf("PRIVATE KEY-----"u8);
        if (headEnd < 0 || window[11..headEnd].IndexOfAny((byte)'\n', (byte)'\\') >= 0)
        {
            return -1;
        }

        var end = window.IndexOf("-----END "u8);
        if (end >= 0)
        {
            var close = window[(end + 9)..].IndexOf("-----"u8);
            if (close >= 0)
            {
                return at + end + 9 + close + 5;
            }
        }

        // No end in reach (the block was cut, or is huge): mask to the end of the JSON string
        // that holds it, or as far as a match may go; never leave key material behind.
        for (var i = headEnd; i < window.Length; i++)
        {
            if (window[i] == (byte)'"' && window[i - 1] != (byte)'\\')
            {
                return at + i;
            }
        }

        return at + window.Length;
    }

    public static bool HasDigitAndLetter(ReadOnlySpan<byte> value)
        => value.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0
            && (value.IndexOfAnyInRange((byte)'a', (byte)'z') >= 0 || value.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0);
}
