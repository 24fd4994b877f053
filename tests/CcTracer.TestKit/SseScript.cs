using System.Text;
using System.Text.Json;

namespace CcTracer.TestKit;

/// <summary>
/// Builds realistic streamed Messages turns, shaped like Claude Code 2.1.197 traffic:
/// <c>message_start</c>, then per block <c>content_block_start</c> / deltas /
/// <c>content_block_stop</c> (thinking with a signature, text, tool_use with
/// <c>input_json_delta</c> fragments), then <c>message_delta</c> with usage and <c>message_stop</c>.
/// </summary>
/// <example>
/// <code>
/// var events = new SseScript()
///     .Thinking("The user wants a listing.", signature: "EqQBCkYIBRgCKkB...")
///     .Text("I'll list the files.")
///     .ToolUse("toolu_01", "Bash", """{"command":"ls -la"}""", fragments: 3)
///     .Build(stopReason: "tool_use");
/// </code>
/// </example>
public sealed class SseScript
{
    private readonly List<Func<int, IEnumerable<ScriptedEvent>>> _blocks = [];
    private readonly List<ScriptedEvent> _extra = [];
    private string? _error;

    /// <summary>Creates a script for a turn of <paramref name="model"/>.</summary>
    public SseScript(string model = "claude-sonnet-4-5-20250929", string messageId = "msg_01ScriptedTurn0000000001")
    {
        Model = model;
        MessageId = messageId;
    }

    /// <summary>The model named in <c>message_start</c>.</summary>
    public string Model { get; }

    /// <summary>The message id.</summary>
    public string MessageId { get; }

    /// <summary>Input tokens reported in <c>message_start</c> (default 12).</summary>
    public int InputTokens { get; init; } = 12;

    /// <summary>Output tokens reported in <c>message_delta</c> (default 34).</summary>
    public int OutputTokens { get; init; } = 34;

    /// <summary>Adds a thinking block streamed in <paramref name="chunks"/> parts, then its signature.</summary>
    public SseScript Thinking(string thinking, string signature = "EqQBCkYIBRgCKkBscripted==", int chunks = 2)
    {
        _blocks.Add(index => Block(
            index,
            """{"type":"thinking","thinking":"","signature":""}""",
            Split(thinking, chunks).Select(part => Delta(index, "thinking_delta", "thinking", part))
                .Append(Delta(index, "signature_delta", "signature", signature))));
        return this;
    }

    /// <summary>Adds a text block streamed in <paramref name="chunks"/> parts.</summary>
    public SseScript Text(string text, int chunks = 3)
    {
        _blocks.Add(index => Block(
            index,
            """{"type":"text","text":""}""",
            Split(text, chunks).Select(part => Delta(index, "text_delta", "text", part))));
        return this;
    }

    /// <summary>Adds a tool_use block whose JSON input arrives in <paramref name="fragments"/> <c>input_json_delta</c> pieces (after the API's usual empty one).</summary>
    public SseScript ToolUse(string id, string name, string inputJson, int fragments = 3)
    {
        _blocks.Add(index => Block(
            index,
            $$$"""{"type":"tool_use","id":{{{Quote(id)}}},"name":{{{Quote(name)}}},"input":{}}""",
            new[] { Delta(index, "input_json_delta", "partial_json", string.Empty) }
                .Concat(Split(inputJson, fragments).Select(part => Delta(index, "input_json_delta", "partial_json", part)))));
        return this;
    }

    /// <summary>Adds an arbitrary event (e.g. a type the tracer does not know) after the content blocks.</summary>
    public SseScript Event(string name, string data)
    {
        _extra.Add(new ScriptedEvent(name, data));
        return this;
    }

    /// <summary>Ends the stream with an <c>error</c> event instead of <c>message_delta</c>/<c>message_stop</c>.</summary>
    public SseScript Error(string type = "overloaded_error", string message = "Overloaded")
    {
        _error = $$$"""{"type":"error","error":{"type":{{{Quote(type)}}},"message":{{{Quote(message)}}}}}""";
        return this;
    }

    /// <summary>The events of the turn, in order.</summary>
    public IReadOnlyList<ScriptedEvent> Build(string stopReason = "end_turn")
    {
        var events = new List<ScriptedEvent>
        {
            new("message_start", $$$$"""{"type":"message_start","message":{"id":{{{{Quote(MessageId)}}}},"type":"message","role":"assistant","model":{{{{Quote(Model)}}}},"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{{{{InputTokens}}}},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}}"""),
            new("ping", """{"type":"ping"}"""),
        };
        for (var i = 0; i < _blocks.Count; i++)
        {
            events.AddRange(_blocks[i](i));
        }

        events.AddRange(_extra);
        if (_error is not null)
        {
            events.Add(new ScriptedEvent("error", _error));
            return events;
        }

        events.Add(new("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":{{{Quote(stopReason)}}},"stop_sequence":null},"usage":{"output_tokens":{{{OutputTokens}}}}}"""));
        events.Add(new("message_stop", """{"type":"message_stop"}"""));
        return events;
    }

    /// <summary>The whole stream as it goes on the wire.</summary>
    public static byte[] ToWireBytes(IEnumerable<ScriptedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(e.ToWireText());
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static IEnumerable<ScriptedEvent> Block(int index, string contentBlock, IEnumerable<ScriptedEvent> deltas)
    {
        yield return new ScriptedEvent("content_block_start", $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{{{contentBlock}}}}""");
        foreach (var delta in deltas)
        {
            yield return delta;
        }

        yield return new ScriptedEvent("content_block_stop", $$$"""{"type":"content_block_stop","index":{{{index}}}}""");
    }

    private static ScriptedEvent Delta(int index, string type, string field, string value)
        => new("content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":{{{Quote(type)}}},{{{Quote(field)}}}:{{{Quote(value)}}}}}""");

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static IEnumerable<string> Split(string text, int parts)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, text.Length));
        var size = (int)Math.Ceiling(text.Length / (double)parts);
        for (var at = 0; at < text.Length; at += size)
        {
            yield return text.Substring(at, Math.Min(size, text.Length - at));
        }

        if (text.Length == 0)
        {
            yield return string.Empty;
        }
    }
}
