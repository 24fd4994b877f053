using System.Text.Json;

namespace CcTracer.OpenTelemetry.Mapping;

/// <summary>Tolerant reads of a stored record: a field of the wrong kind reads as absent, never throws.</summary>
internal static class RecordJson
{
    public static string? String(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Long(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static double? Double(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static bool? Bool(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public static JsonElement Object(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    /// <summary>A header of a record's <c>headers</c> object, by name ignoring case (HTTP names are case-insensitive).</summary>
    public static string? Header(JsonElement record, string name)
    {
        var headers = Object(record, "headers");
        if (headers.ValueKind != JsonValueKind.Object)
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
