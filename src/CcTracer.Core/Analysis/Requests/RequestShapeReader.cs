using System.Text.Json;
using CcTracer.Analysis.Context;

namespace CcTracer.Analysis.Requests;

/// <summary>Reads a Messages API request body into its <see cref="RequestShape"/>; <see langword="null"/> when it is not a JSON object.</summary>
internal static class RequestShapeReader
{
    // Where Claude Code's file tools name their file (Read, Edit, Write, MultiEdit, NotebookEdit, …).
    private static readonly string[] FileKeys = ["file_path", "notebook_path", "path"];

    public static RequestShape? Read(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object ? Read(document.RootElement) : null;
        }
    }

    public static RequestShape Read(JsonElement root)
    {
        using var canonical = new CanonicalJson();
        var tally = new ContextTally();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tools = new List<ToolPart>();
        var system = new List<SystemPart>();
        var messages = new List<MessagePart>();
        string? model = null;
        var systemIsString = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "tools" when property.Value.ValueKind == JsonValueKind.Array:
                    foreach (var tool in property.Value.EnumerateArray())
                    {
                        var name = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "(unnamed)";
                        var bytes = CanonicalJson.RawLength(tool);
                        var text = canonical.Text(tool);
                        tools.Add(new ToolPart(name, bytes, CanonicalJson.HashBytes(System.Text.Encoding.UTF8.GetBytes(text)), text));
                        tally.AddTool(name, bytes);
                    }

                    break;
                case "system" when property.Value.ValueKind == JsonValueKind.String:
                    systemIsString = true;
                    AddSystem(system, tally, property.Value.GetString()!, CanonicalJson.RawLength(property.Value), canonical.Hash(property.Value));
                    break;
                case "system" when property.Value.ValueKind == JsonValueKind.Array:
                    foreach (var block in property.Value.EnumerateArray())
                    {
                        var text = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : canonical.Text(block);
                        AddSystem(system, tally, text, CanonicalJson.RawLength(block), canonical.Hash(block));
                    }

                    break;
                case "messages" when property.Value.ValueKind == JsonValueKind.Array:
                    new MessageWalker(tally, canonical, messages).Walk(property.Value);
                    break;
                default:
                    if (property.NameEquals("model") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        model = property.Value.GetString();
                    }

                    parameters[property.Name] = canonical.Text(property.Value);
                    break;
            }
        }

        var (hasMarker, oneHour) = FindCacheControl(root);
        return new RequestShape
        {
            Model = model,
            Parameters = parameters,
            Tools = tools,
            System = system,
            SystemIsString = systemIsString,
            Messages = messages,
            HasCacheControl = hasMarker,
            HasOneHourTtl = oneHour,
            Tally = tally,
        };
    }

    private static void AddSystem(List<SystemPart> system, ContextTally tally, string text, int bytes, UInt128 hash)
    {
        system.Add(new SystemPart(text, bytes, hash));
        tally.SystemBlocks.Add(bytes);
        tally.Add(ContextCategories.System, bytes);
    }

    /// <summary>Finds <c>cache_control</c> markers on tools, system blocks and message blocks (where the API reads them).</summary>
    private static (bool Any, bool OneHour) FindCacheControl(JsonElement root)
    {
        var any = false;
        var oneHour = false;
        void Check(JsonElement block)
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("cache_control", out var marker) && marker.ValueKind == JsonValueKind.Object)
            {
                any = true;
                oneHour |= marker.TryGetProperty("ttl", out var ttl) && ttl.ValueKind == JsonValueKind.String && ttl.ValueEquals("1h");
            }
        }

        foreach (var name in (ReadOnlySpan<string>)["tools", "system"])
        {
            if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in list.EnumerateArray())
                {
                    Check(block);
                }
            }
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                {
                    foreach (var block in content.EnumerateArray())
                    {
                        Check(block);
                    }
                }
            }
        }

        // Top-level automatic caching (`"cache_control": {...}` on the request) counts too.
        Check(root);
        return (any, oneHour);
    }

    /// <summary>The file a tool call works on, from its input (<c>file_path</c> and the like).</summary>
    internal static string? FileOf(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var key in FileKeys)
        {
            if (input.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } path)
            {
                return path;
            }
        }

        return null;
    }
}
