namespace AgentLoop;

/// <summary>The outcome of one <see cref="WeatherAgent.RunAsync"/>.</summary>
/// <param name="FinalText">The text of the model's last answer.</param>
/// <param name="ToolCalls">Every tool call executed, in order.</param>
/// <param name="ApiCalls">Messages API calls made.</param>
public sealed record AgentRun(string FinalText, IReadOnlyList<ToolInvocation> ToolCalls, int ApiCalls);
