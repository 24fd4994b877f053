using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>One entry of a <c>PostToolBatch</c> event's <c>tool_calls</c>.</summary>
public sealed class ToolCall
{
    internal ToolCall(JsonElement element)
    {
        Element = element;
        ToolName = PayloadProperty.GetString(element, "tool_name");
        ToolInput = PayloadProperty.GetElement(element, "tool_input") ?? default;
        ToolUseId = PayloadProperty.GetString(element, "tool_use_id");
        ToolResponse = PayloadProperty.GetElement(element, "tool_response");
    }

    /// <summary>The entry as it appeared in the payload, with any fields not typed here.</summary>
    public JsonElement Element { get; }

    /// <summary><c>tool_name</c>.</summary>
    public string? ToolName { get; }

    /// <summary><c>tool_input</c>; <see cref="JsonValueKind.Undefined"/> when missing.</summary>
    public JsonElement ToolInput { get; }

    /// <summary><c>tool_use_id</c>.</summary>
    public string? ToolUseId { get; }

    /// <summary><c>tool_response</c>: a string or any JSON value.</summary>
    public JsonElement? ToolResponse { get; }
}
