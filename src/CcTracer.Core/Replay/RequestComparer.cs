using System.Text.Encodings.Web;
using System.Text.Json;

namespace CcTracer.Replay;

/// <summary>Finds the first difference between a recorded request body and a new one, as a JSON path.</summary>
internal static class RequestComparer
{
    private const string Missing = "(missing)";
    private const int MaxShown = 160;

    // The differences are read by people: non-ASCII text stays as typed.
    private static readonly JsonSerializerOptions ReadableText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ReplayDifference? FirstDifference(JsonElement recorded, JsonElement actual, ReplayOptions options)
    {
        if (actual.ValueKind != JsonValueKind.Object)
        {
            return new ReplayDifference("(body)", "a JSON object", actual.ValueKind == JsonValueKind.Undefined ? "a body that is not JSON" : Show(actual));
        }

        foreach (var field in options.ComparedFields)
        {
            if (Compare(field, RecordedJson.Property(recorded, field), RecordedJson.Property(actual, field), options.IgnoredPaths) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>The first difference in each compared field, in <see cref="ReplayOptions.ComparedFields"/> order (what a lenient replay reports).</summary>
    public static IReadOnlyList<ReplayDifference> FirstDifferencePerField(JsonElement recorded, JsonElement actual, ReplayOptions options)
    {
        if (actual.ValueKind != JsonValueKind.Object)
        {
            return recorded.ValueKind == JsonValueKind.Object && FirstDifference(recorded, actual, options) is { } body ? [body] : [];
        }

        var differences = new List<ReplayDifference>();
        foreach (var field in options.ComparedFields)
        {
            if (Compare(field, RecordedJson.Property(recorded, field), RecordedJson.Property(actual, field), options.IgnoredPaths) is { } difference)
            {
                differences.Add(difference);
            }
        }

        return differences;
    }

    private static ReplayDifference? Compare(string path, JsonElement? expected, JsonElement? actual, ISet<string> ignored)
    {
        if (IsIgnored(path, ignored))
        {
            return null;
        }

        if (expected is not { } e)
        {
            return actual is { } extra ? new ReplayDifference(path, Missing, Show(extra)) : null;
        }

        if (actual is not { } a)
        {
            return new ReplayDifference(path, Show(e), Missing);
        }

        if (e.ValueKind != a.ValueKind)
        {
            return new ReplayDifference(path, Show(e), Show(a));
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in e.EnumerateObject())
                {
                    var child = RecordedJson.Property(a, property.Name);
                    if (Compare(Child(path, property.Name), property.Value, child, ignored) is { } d)
                    {
                        return d;
                    }
                }

                foreach (var property in a.EnumerateObject())
                {
                    if (!e.TryGetProperty(property.Name, out _) && !IsIgnored(Child(path, property.Name), ignored))
                    {
                        return new ReplayDifference(Child(path, property.Name), Missing, Show(property.Value));
                    }
                }

                return null;
            case JsonValueKind.Array:
                var expectedItems = e.GetArrayLength();
                var actualItems = a.GetArrayLength();
                for (var i = 0; i < Math.Max(expectedItems, actualItems); i++)
                {
                    var item = $"{path}[{i}]";
                    if (Compare(item, i < expectedItems ? e[i] : null, i < actualItems ? a[i] : null, ignored) is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.String:
                var es = e.GetString()!;
                var actualString = a.GetString()!;
                return string.Equals(es, actualString, StringComparison.Ordinal) ? null : StringDifference(path, es, actualString);
            case JsonValueKind.Number:
                var same = string.Equals(e.GetRawText(), a.GetRawText(), StringComparison.Ordinal)
                    || (e.TryGetDecimal(out var ed) && a.TryGetDecimal(out var ad) && ed == ad);
                return same ? null : new ReplayDifference(path, Show(e), Show(a));
            default:
                // true, false, null: equal kinds are equal values.
                return null;
        }
    }

    private static bool IsIgnored(string path, ISet<string> ignored)
    {
        foreach (var prefix in ignored)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal)
                && (path.Length == prefix.Length || path[prefix.Length] is '.' or '['))
            {
                return true;
            }
        }

        return false;
    }

    private static string Child(string path, string name)
        => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? $"{path}.{name}"
            : $"{path}[{JsonSerializer.Serialize(name)}]";

    private static ReplayDifference StringDifference(string path, string expected, string actual)
    {
        if (expected.Length <= MaxShown && actual.Length <= MaxShown)
        {
            return new ReplayDifference(path, Quote(expected), Quote(actual));
        }

        // Long texts (system prompts, file contents): show both around where they part.
        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 40);
        return new ReplayDifference(path + $" (from character {from})", Window(expected, from), Window(actual, from));
    }

    private static string Window(string text, int from)
    {
        var length = Math.Min(MaxShown, text.Length - from);
        var slice = length > 0 ? text.Substring(from, length) : string.Empty;
        return (from > 0 ? "…" : string.Empty) + Quote(slice) + (from + length < text.Length ? "…" : string.Empty);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, ReadableText);

    private static string Show(JsonElement element)
    {
        var raw = element.ValueKind == JsonValueKind.String ? Quote(element.GetString()!) : element.GetRawText();
        return raw.Length <= MaxShown ? raw : raw[..MaxShown] + "…";
    }
}
