namespace CcTracer.Storage;

/// <summary>
/// Keeps secrets out of logs and the UI. A short prefix survives so a user can tell which key
/// was used (<c>sk-ant-api03-…</c>); the secret itself never leaves the process.
/// </summary>
internal static class HeaderRedactor
{
    private const int KeptPrefix = 12;

    private static readonly string[] AlwaysSecret =
        ["x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"];

    private static readonly string[] SecretFragments = ["api-key", "apikey", "token", "secret", "password"];

    /// <summary>Whether a header of this name carries a credential.</summary>
    public static bool IsSecret(string headerName)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        foreach (var name in AlwaysSecret)
        {
            if (headerName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var fragment in SecretFragments)
        {
            if (headerName.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value as it may be logged: unchanged for ordinary headers, redacted for credentials.</summary>
    public static string Redact(string headerName, string? value)
    {
        if (string.IsNullOrEmpty(value) || !IsSecret(headerName))
        {
            return value ?? string.Empty;
        }

        // Keep the scheme of "Bearer xyz" readable, then a few characters of the credential.
        var schemeEnd = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = schemeEnd > 0 && schemeEnd < 16 ? value[..(schemeEnd + 1)] : string.Empty;
        var secret = value[scheme.Length..];
        var keep = Math.Min(KeptPrefix, secret.Length / 3);
        return $"{scheme}{secret[..keep]}…[redacted {secret.Length - keep} chars]";
    }
}
