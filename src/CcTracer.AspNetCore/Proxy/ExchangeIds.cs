using System.Security.Cryptography;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>Ids that pair an <c>api_request</c> with its <c>api_response</c>.</summary>
internal static class ExchangeIds
{
    /// <summary>
    /// A new id: 64 random bits as 16 hex digits. Short enough to read in the UI, and unique
    /// across restarts and concurrent sessions without any shared counter.
    /// </summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
