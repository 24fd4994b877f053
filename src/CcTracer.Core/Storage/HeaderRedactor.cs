using CcTracer.Secrets;

namespace CcTracer.Storage;

/// <summary>
/// The last guard for headers of a record that was not masked (one serialized outside
/// <see cref="SessionLog"/>): a credential's value is dropped whole. Records the log accepts are
/// masked before this runs (<see cref="SecretMasker"/>) and keep their markers.
/// </summary>
internal static class HeaderRedactor
{
    /// <summary>Whether a header of this name carries a credential.</summary>
    public static bool IsSecret(string headerName)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        return CredentialNames.IsCredentialHeader(headerName);
    }

    /// <summary>The value as it may be logged: unchanged for ordinary headers, nothing of a credential's.</summary>
    public static string Redact(string headerName, string? value)
        => string.IsNullOrEmpty(value) || !IsSecret(headerName) ? value ?? string.Empty : "[redacted]";
}
