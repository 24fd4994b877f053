using System.Text;
using System.Text.Json.Nodes;

namespace CcTracer.TestKit;

/// <summary>
/// Real Claude Code request bodies (2.1.332's one-tool session fixtures) as editable JSON, for
/// building call sequences where one known thing changes between calls.
/// </summary>
public static class RequestBodies
{
    /// <summary>The first main-loop request of the session (prompt "run echo hi").</summary>
    public static JsonObject FirstTurn() => Load("request-first-turn.json");

    /// <summary>The next request: the first plus the assistant's Bash call and its tool_result (marker moved to it).</summary>
    public static JsonObject AfterToolResult() => Load("request-after-tool-result.json");

    /// <summary>
    /// The request after <paramref name="previous"/>: its messages plus an assistant text turn and a
    /// new user prompt, with the <c>cache_control</c> marker moved to the new last block (as Claude Code does).
    /// </summary>
    public static JsonObject NextTurn(JsonObject previous, string prompt)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var next = (JsonObject)previous.DeepClone();
        var messages = next["messages"]!.AsArray();
        foreach (var message in messages)
        {
            if (message!["content"] is JsonArray blocks)
            {
                foreach (var block in blocks)
                {
                    (block as JsonObject)?.Remove("cache_control");
                }
            }
        }

        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Done." }) });
        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = prompt, ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } }),
        });
        return next;
    }

    /// <summary>Replaces <paramref name="find"/> by <paramref name="replace"/> in system block <paramref name="index"/>; throws when absent.</summary>
    public static JsonObject WithSystemEdit(JsonObject body, int index, string find, string replace)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = (JsonObject)body.DeepClone();
        var block = copy["system"]!.AsArray()[index]!.AsObject();
        var text = block["text"]!.GetValue<string>();
        if (!text.Contains(find, StringComparison.Ordinal))
        {
            throw new ArgumentException($"system block {index} has no '{find}'", nameof(find));
        }

        block["text"] = text.Replace(find, replace, StringComparison.Ordinal);
        return copy;
    }

    /// <summary>Adds a tool definition (as an MCP server would) at the end of <c>tools</c>.</summary>
    public static JsonObject WithTool(JsonObject body, string name, string description = "Search the server.")
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = (JsonObject)body.DeepClone();
        copy["tools"]!.AsArray().Add(new JsonObject
        {
            ["name"] = name,
            ["description"] = description,
            ["input_schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["query"] = new JsonObject { ["type"] = "string" } } },
        });
        return copy;
    }

    /// <summary>Sets a top-level value (e.g. <c>model</c>).</summary>
    public static JsonObject With(JsonObject body, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copy = (JsonObject)body.DeepClone();
        copy[name] = value;
        return copy;
    }

    /// <summary>The UTF-8 JSON of a body.</summary>
    public static byte[] Bytes(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static JsonObject Load(string name)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(FixturePaths.ClaudeCode2_1_332OneToolSession, name)))!["body"]!.AsObject().DeepClone().AsObject();
}
