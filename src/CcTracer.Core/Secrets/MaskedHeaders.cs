namespace CcTracer.Secrets;

/// <summary>A header list as it may be stored: the same list when no header is a credential.</summary>
internal static class MaskedHeaders
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(IReadOnlyList<KeyValuePair<string, string>> headers, SecretMasker masker, MaskReport report)
    {
        List<KeyValuePair<string, string>>? masked = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            var stored = masker.MaskHeader(name, value, report);
            if (!ReferenceEquals(stored, value) && masked is null)
            {
                masked = new List<KeyValuePair<string, string>>(headers.Count);
                for (var j = 0; j < i; j++)
                {
                    masked.Add(headers[j]);
                }
            }

            masked?.Add(new(name, stored));
        }

        return masked ?? headers;
    }
}
