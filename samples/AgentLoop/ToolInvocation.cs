namespace AgentLoop;

/// <summary>One tool call the agent executed.</summary>
/// <param name="Id">The <c>tool_use</c> id.</param>
/// <param name="Name">The tool name.</param>
/// <param name="InputJson">The input as JSON.</param>
/// <param name="Output">What the tool returned (sent back as the <c>tool_result</c>).</param>
/// <param name="IsError">Whether the tool failed.</param>
public sealed record ToolInvocation(string Id, string Name, string InputJson, string Output, bool IsError);
