using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>
/// Tolerant reads of one property of a hook payload: payloads vary between Claude Code releases,
/// so a property of the wrong type reads as missing instead of throwing.
/// </summary>
internal static class PayloadProperty
{
    public static string? GetString(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>A string as itself, anything else (an error object, say) as its raw JSON text.</summary>
    public static string? GetText(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };
    }

    public static JsonElement? GetElement(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Undefined
            ? v
            : null;

    public static bool? GetBool(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            }
            : null;

    public static long? GetInt64(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetInt64(out var l))
        {
            return l;
        }

        // Durations sometimes arrive as fractional milliseconds.
        return v.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue ? (long)Math.Round(d) : null;
    }

    public static bool Is(HookEvent hookEvent, params ReadOnlySpan<string> names)
    {
        foreach (var n in names)
        {
            if (string.Equals(hookEvent.EventName, n, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
