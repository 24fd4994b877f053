using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Settings;

/// <summary>Reads, edits and writes a settings file's JSON, refusing anything it could not write back faithfully.</summary>
internal static class SettingsDocument
{
    private static readonly JsonDocumentOptions Strict = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Claude Code writes JSON.stringify(settings, null, 2) plus "\n": two spaces, LF, and no
        // escaping of quotes-safe characters such as '<', '&' or non-ASCII letters.
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses the file; <see langword="null"/> bytes (no file) or whitespace give an empty object.</summary>
    public static JsonObject Parse(string path, byte[]? bytes)
    {
        if (bytes is null)
        {
            return [];
        }

        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        if (span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(span, documentOptions: Strict);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            var position = ex.BytePositionInLine + 1;
            var where = line is null ? string.Empty : $" at line {line}, byte {position}";
            if (ParsesLeniently(span))
            {
                throw new SettingsFileException(
                    path,
                    $"{path} has comments or trailing commas{where}. Claude Code settings are strict JSON, and rewriting the file would lose them, so it was left untouched; remove them and try again.",
                    line,
                    position,
                    ex);
            }

            throw new SettingsFileException(path, $"{path} is not valid JSON{where}; it was left untouched. {ex.Message}", line, position, ex);
        }

        if (node is not JsonObject root)
        {
            throw new SettingsFileException(path, $"{path} must hold a JSON object at the top level, not {Describe(node)}; it was left untouched.", 1, 1, null);
        }

        Validate(path, root);
        return root;
    }

    /// <summary>Removes every tracer entry; drops groups, event keys and <c>hooks</c> that this emptied.</summary>
    /// <returns>The removed entries, as (event name, JSON text) for counting what changed.</returns>
    public static List<(string Event, string Json)> RemoveTracerEntries(JsonObject root)
    {
        var removed = new List<(string, string)>();
        if (root["hooks"] is not JsonObject hooks)
        {
            return removed;
        }

        foreach (var (eventName, value) in hooks.ToList())
        {
            var groups = (JsonArray)value!;
            var groupsBefore = groups.Count;
            for (var g = groups.Count - 1; g >= 0; g--)
            {
                if (groups[g] is not JsonObject group || group["hooks"] is not JsonArray entries)
                {
                    continue;
                }

                var entriesBefore = entries.Count;
                for (var e = entries.Count - 1; e >= 0; e--)
                {
                    if (TracerHooks.IsTracerEntry(entries[e]))
                    {
                        removed.Add((eventName, entries[e]!.ToJsonString()));
                        entries.RemoveAt(e);
                    }
                }

                // Only a group the tracer emptied goes; a group the user left empty is theirs.
                if (entries.Count == 0 && entriesBefore > 0)
                {
                    groups.RemoveAt(g);
                }
            }

            if (groups.Count == 0 && groupsBefore > 0)
            {
                hooks.Remove(eventName);
            }
        }

        // Same rule one level up: "hooks" goes only when this removal emptied it. Remove after Merge
        // therefore gives back a file without "hooks" even if the user once had "hooks": {} (harmless).
        if (hooks.Count == 0 && removed.Count > 0)
        {
            root.Remove("hooks");
        }

        return removed;
    }

    /// <summary>Appends one tracer group per event: to the event's list when it exists, as a new key otherwise.</summary>
    public static List<(string Event, string Json)> AddTracerEntries(JsonObject root, TracerHooks tracer, IEnumerable<string> eventNames)
    {
        var added = new List<(string, string)>();
        if (root["hooks"] is not JsonObject hooks)
        {
            hooks = [];
            root["hooks"] = hooks;
        }

        foreach (var eventName in eventNames)
        {
            var group = tracer.CreateGroup(eventName);
            added.Add((eventName, group["hooks"]![0]!.ToJsonString()));
            if (hooks[eventName] is JsonArray groups)
            {
                groups.Add(group);
            }
            else
            {
                hooks[eventName] = new JsonArray(group);
            }
        }

        return added;
    }

    public static byte[] Serialize(JsonObject root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            root.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static bool ParsesLeniently(ReadOnlySpan<byte> span)
    {
        try
        {
            using var document = JsonDocument.Parse(span.ToArray(), Lenient);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Validate(string path, JsonObject root)
    {
        try
        {
            if (!root.TryGetPropertyValue("hooks", out var hooksNode))
            {
                return;
            }

            if (hooksNode is not JsonObject hooks)
            {
                throw Shape(path, "$.hooks", "an object of event names", hooksNode);
            }

            foreach (var (eventName, value) in hooks)
            {
                if (value is not JsonArray groups)
                {
                    throw Shape(path, value?.GetPath() ?? $"$.hooks.{eventName}", "an array of matcher groups", value);
                }

                foreach (var groupNode in groups)
                {
                    if (groupNode is not JsonObject group)
                    {
                        throw Shape(path, groupNode?.GetPath() ?? groups.GetPath(), "an object with \"matcher\" and \"hooks\"", groupNode);
                    }

                    if (!group.TryGetPropertyValue("hooks", out var entriesNode))
                    {
                        continue;
                    }

                    if (entriesNode is not JsonArray entries)
                    {
                        throw Shape(path, entriesNode?.GetPath() ?? group.GetPath() + ".hooks", "an array of hook entries", entriesNode);
                    }

                    foreach (var entry in entries)
                    {
                        if (entry is not JsonObject)
                        {
                            throw Shape(path, entry?.GetPath() ?? entries.GetPath(), "a hook entry object", entry);
                        }
                    }
                }
            }
        }
        catch (ArgumentException ex)
        {
            // JsonObject refuses duplicate property names when it materialises them.
            throw new SettingsFileException(path, $"{path} has a duplicate property name; it was left untouched. {ex.Message}", null, null, ex);
        }
    }

    private static SettingsFileException Shape(string path, string jsonPath, string expected, JsonNode? actual)
        => new(path, $"{path}: {jsonPath} must be {expected}, not {Describe(actual)}; the file was left untouched.", null, null, null);

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            var other => other.ToString(),
        },
    };
}
