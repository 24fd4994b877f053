namespace CcTracer.Storage;

/// <summary>Classifies <c>/v1/*</c> paths so one reader can treat Messages turns specially.</summary>
internal static class ApiKinds
{
    /// <summary>A Messages API call (<c>/v1/messages</c>): reassembled into a turn.</summary>
    public const string Messages = "messages";

    /// <summary><c>/v1/messages/count_tokens</c>: kept as a plain exchange.</summary>
    public const string CountTokens = "count_tokens";

    /// <summary>Any other path: kept as a plain exchange.</summary>
    public const string Other = "other";

    /// <summary>The kind of a request path (query ignored).</summary>
    public static string FromPath(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = (q >= 0 ? pathAndQuery[..q] : pathAndQuery).TrimEnd('/');
        if (path.EndsWith("/v1/messages", StringComparison.OrdinalIgnoreCase))
        {
            return Messages;
        }

        return path.EndsWith("/v1/messages/count_tokens", StringComparison.OrdinalIgnoreCase) ? CountTokens : Other;
    }
}
