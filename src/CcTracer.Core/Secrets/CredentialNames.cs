namespace CcTracer.Secrets;

/// <summary>
/// Which header and query parameter names carry a credential: any whose name says so (key, token,
/// auth, secret, signature, password, cookie, session, credential), bar a short allow-list of
/// names that only look like it.
/// </summary>
internal static class CredentialNames
{
    private static readonly string[] Words =
        ["key", "token", "auth", "secret", "signature", "password", "passwd", "cookie", "session", "credential"];

    // Known ids and counters, not secrets, that the tracer and its readers need as they are:
    // the session id joins requests to their session; rate-limit headers count tokens;
    // an idempotency key only deduplicates retries; CORS headers describe policy.
    private static readonly string[] AllowedNames = ["x-claude-code-session-id", "idempotency-key"];
    private static readonly string[] AllowedPrefixes = ["anthropic-ratelimit-", "access-control-"];

    // Query parameters that are credentials under a short name (signed URLs' "sig").
    private static readonly string[] QueryNames = ["sig", "pwd", "pass"];

    /// <summary>Whether a header of this name is masked.</summary>
    public static bool IsCredentialHeader(string name)
    {
        foreach (var allowed in AllowedNames)
        {
            if (name.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var prefix in AllowedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return SaysCredential(name);
    }

    /// <summary>Whether a query parameter of this name is masked.</summary>
    public static bool IsCredentialQuery(string name)
    {
        foreach (var exact in QueryNames)
        {
            if (name.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return SaysCredential(name);
    }

    private static bool SaysCredential(string name)
    {
        foreach (var word in Words)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
