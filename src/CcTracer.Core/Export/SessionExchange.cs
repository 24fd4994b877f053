using System.Runtime.CompilerServices;
using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.Export;

/// <summary>One <c>/v1/*</c> call of a session: its <c>api_request</c> and, unless it never ended, its <c>api_response</c>.</summary>
internal sealed record SessionExchange(StoredRecord Request, StoredRecord? Response)
{
    /// <summary>The exchange id both records carry.</summary>
    public string ExchangeId => Text(Request.Root, "exchange_id") ?? string.Empty;

    /// <summary>A request header's value as stored (already masked), by case-insensitive name.</summary>
    public string? RequestHeader(string name) => Header(Request.Root, name);

    /// <summary>
    /// The calls of a session log in request order, read through <see cref="SessionLogReader"/>. Requests
    /// wait only until their response arrives, so memory holds the calls in flight at once, not the session.
    /// </summary>
    public static async IAsyncEnumerable<SessionExchange> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new List<StoredRecord>();
        var done = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        await foreach (var record in SessionLogReader.ReadFileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (record.Type == RecordTypes.ApiRequest)
            {
                pending.Add(record);
            }
            else if (record.Type == RecordTypes.ApiResponse && Text(record.Root, "exchange_id") is { } id)
            {
                done[id] = record;
            }

            // Emit, in request order, every leading request whose response is in.
            while (pending.Count > 0 && done.Remove(Text(pending[0].Root, "exchange_id") ?? string.Empty, out var response))
            {
                yield return new SessionExchange(pending[0], response);
                pending.RemoveAt(0);
            }
        }

        foreach (var request in pending)
        {
            yield return new SessionExchange(request, done.Remove(Text(request.Root, "exchange_id") ?? string.Empty, out var late) ? late : null);
        }
    }

    /// <summary>A record's body; a hand-damaged body (bad base64) reads as none rather than ending the export.</summary>
    internal static byte[] Body(StoredRecord record)
    {
        try
        {
            return record.GetBody();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return [];
        }
    }

    internal static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string? Header(JsonElement record, string name)
    {
        if (!record.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var header in headers.EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase) && header.Value.ValueKind == JsonValueKind.String)
            {
                return header.Value.GetString();
            }
        }

        return null;
    }
}
