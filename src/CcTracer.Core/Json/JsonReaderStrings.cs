using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// String reads from a <see cref="Utf8JsonReader"/> over captured bytes: the reader checks JSON syntax,
/// not UTF-8 inside strings, so <see cref="Utf8JsonReader.GetString"/> can throw on input it accepted.
/// </summary>
internal static class JsonReaderStrings
{
    /// <summary>The current string token, or <see langword="null"/> when its bytes are not UTF-8.</summary>
    public static string? GetStringOrNull(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
