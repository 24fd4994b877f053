using System.Runtime.InteropServices;
using System.Text.Json;

namespace CcTracer.Threads;

/// <summary>
/// A 64-bit FNV-1a hash of a JSON value's content that ignores <c>cache_control</c>: Claude Code
/// moves its cache breakpoints from message to message between calls, and a thread's history must
/// still hash the same. Hashes are compared within one process only.
/// </summary>
internal static class ContentHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The hash of nothing: the start of a cumulative hash.</summary>
    public const ulong Seed = Offset;

    public static ulong Of(JsonElement element) => Add(Offset, element);

    /// <summary>Folds <paramref name="element"/> into <paramref name="hash"/>, so a list of messages can hash cumulatively.</summary>
    public static ulong Add(ulong hash, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                hash = Mix(hash, (byte)'{');
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("cache_control"u8))
                    {
                        continue;
                    }

                    hash = Mix(hash, JsonMarshal.GetRawUtf8PropertyName(property));
                    hash = Add(hash, property.Value);
                }

                return Mix(hash, (byte)'}');
            case JsonValueKind.Array:
                hash = Mix(hash, (byte)'[');
                foreach (var item in element.EnumerateArray())
                {
                    hash = Add(hash, item);
                }

                return Mix(hash, (byte)']');
            default:
                return Mix(hash, JsonMarshal.GetRawUtf8Value(element));
        }
    }

    /// <summary>Folds a decoded string in: the same text hashes the same however its JSON escaped it.</summary>
    public static ulong AddText(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return Mix(hash, 0);
    }

    /// <summary>
    /// The conversation key of a content block: its text, or its tool_use / tool_result id. Thinking,
    /// images and <c>system</c> messages are left out: Claude Code re-renders those between runs.
    /// </summary>
    public static ulong? BlockKey(JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.String)
        {
            return AddText(Seed, block.GetString()!);
        }

        var key = Json.String(block, "type") switch
        {
            "text" => Json.String(block, "text"),
            "tool_use" => Json.String(block, "id"),
            "tool_result" => Json.String(block, "tool_use_id"),
            _ => null,
        };
        return key is null ? null : AddText(Seed, key);
    }

    private static ulong Mix(ulong hash, byte b) => (hash ^ b) * Prime;

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return Mix(hash, 0);
    }
}
