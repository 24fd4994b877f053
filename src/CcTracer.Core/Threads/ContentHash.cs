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
