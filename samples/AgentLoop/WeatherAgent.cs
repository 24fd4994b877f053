using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;

namespace AgentLoop;

/// <summary>
/// A minimal agent loop on the official Anthropic SDK: send the conversation with one tool, run any tool
/// calls locally, send the results back, and repeat until the model stops asking for tools.
/// </summary>
public sealed class WeatherAgent
{
    /// <summary>The model used unless another is given.</summary>
    public const string DefaultModel = "claude-sonnet-4-5";

    /// <summary>The system prompt.</summary>
    public const string SystemPrompt = "You are a concise weather assistant. Use get_weather for every city you are asked about.";

    private readonly AnthropicClient _client;
    private readonly Func<string, string?> _lookup;
    private readonly string _model;
    private readonly int _maxApiCalls;

    /// <summary>Creates the agent.</summary>
    /// <param name="client">The Anthropic client (its <c>HttpClient</c>/<c>BaseUrl</c> decide where calls go).</param>
    /// <param name="lookup">The weather lookup; <see cref="WeatherTool.Lookup"/> by default.</param>
    /// <param name="model">The model id.</param>
    /// <param name="maxApiCalls">A bound on the loop, so a confused model cannot spin forever.</param>
    public WeatherAgent(AnthropicClient client, Func<string, string?>? lookup = null, string model = DefaultModel, int maxApiCalls = 8)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _lookup = lookup ?? WeatherTool.Lookup;
        _model = model;
        _maxApiCalls = maxApiCalls;
    }

    /// <summary>Runs the loop for one user prompt.</summary>
    /// <param name="prompt">What the user asks.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The final text and the tool calls made.</returns>
    public async Task<AgentRun> RunAsync(string prompt, CancellationToken cancellationToken = default)
    {
        // The conversation is kept as JSON: it is what goes on the wire, and the assistant's blocks are
        // echoed back exactly as they came.
        var conversation = new List<JsonNode> { new JsonObject { ["role"] = "user", ["content"] = prompt } };
        var invocations = new List<ToolInvocation>();
        for (var call = 1; call <= _maxApiCalls; call++)
        {
            var message = await _client.Messages.Create(
                new MessageCreateParams
                {
                    Model = _model,
                    MaxTokens = 1024,
                    System = SystemPrompt,
                    Tools = [new ToolUnion(WeatherTool.Definition)],
                    Messages = conversation.Select(m => new MessageParam(JsonSerializer.SerializeToElement(m))).ToList(),
                },
                cancellationToken).ConfigureAwait(false);

            var assistant = new JsonArray();
            var results = new JsonArray();
            var text = string.Empty;
            foreach (var block in message.Content)
            {
                assistant.Add(JsonNode.Parse(block.Json.GetRawText()));
                if (block.TryPickText(out var textBlock))
                {
                    text += textBlock.Text;
                }
                else if (block.TryPickToolUse(out var toolUse))
                {
                    var invocation = Execute(toolUse);
                    invocations.Add(invocation);
                    results.Add(new JsonObject
                    {
                        ["type"] = "tool_result",
                        ["tool_use_id"] = invocation.Id,
                        ["content"] = invocation.Output,
                        ["is_error"] = invocation.IsError,
                    });
                }
            }

            if (results.Count == 0)
            {
                return new AgentRun(text, invocations, call);
            }

            conversation.Add(new JsonObject { ["role"] = "assistant", ["content"] = assistant });
            conversation.Add(new JsonObject { ["role"] = "user", ["content"] = results });
        }

        throw new InvalidOperationException($"The model was still calling tools after {_maxApiCalls} API calls.");
    }

    private ToolInvocation Execute(ToolUseBlock toolUse)
    {
        var input = JsonSerializer.Serialize(toolUse.Input);
        if (toolUse.Name != WeatherTool.Name)
        {
            return new ToolInvocation(toolUse.ID, toolUse.Name, input, $"Unknown tool: {toolUse.Name}", IsError: true);
        }

        var city = toolUse.Input.TryGetValue("city", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
        var weather = _lookup(city);
        return weather is null
            ? new ToolInvocation(toolUse.ID, toolUse.Name, input, $"Unknown city: {city}", IsError: true)
            : new ToolInvocation(toolUse.ID, toolUse.Name, input, weather, IsError: false);
    }
}
