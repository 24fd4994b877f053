namespace CcTracer.OpenTelemetry.GenAi;

/// <summary>
/// Attribute names and values of the OpenTelemetry GenAI semantic conventions (development status;
/// docs/opentelemetry.md says which version), kept in one place so a rename upstream is one edit.
/// </summary>
internal static class GenAiNames
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string AgentName = "gen_ai.agent.name";
    public const string AgentId = "gen_ai.agent.id";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestStream = "gen_ai.request.stream";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestTopP = "gen_ai.request.top_p";
    public const string RequestTopK = "gen_ai.request.top_k";
    public const string RequestStopSequences = "gen_ai.request.stop_sequences";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string UsageCacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string UsageCacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string ToolDefinitions = "gen_ai.tool.definitions";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolType = "gen_ai.tool.type";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string HttpStatusCode = "http.response.status_code";

    public const string Chat = "chat";
    public const string ExecuteTool = "execute_tool";
    public const string InvokeAgent = "invoke_agent";
    public const string Anthropic = "anthropic";

    /// <summary>The agent name the session span carries.</summary>
    public const string ClaudeCode = "Claude Code";

    // The tracer's own attributes: what the conventions have no name for.
    public const string ExchangeId = "cctracer.exchange_id";
    public const string SessionSeq = "cctracer.seq";
    public const string Complete = "cctracer.complete";
    public const string HookAgentType = "cctracer.agent_type";
}
