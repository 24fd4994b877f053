using System.Text.Json;

namespace CcTracer.Threads;

/// <summary>A call of the Agent tool (<c>Task</c> before it was renamed): what a subagent was asked.</summary>
internal sealed record AgentCall(string ToolUseId, string? Prompt, string? Description, string? SubagentType)
{
    public static bool IsAgentTool(string? name) => name is "Agent" or "Task";

    public static AgentCall FromInput(string toolUseId, JsonElement input)
        => new(toolUseId, Json.String(input, "prompt"), Json.String(input, "description"), Json.String(input, "subagent_type"));
}
