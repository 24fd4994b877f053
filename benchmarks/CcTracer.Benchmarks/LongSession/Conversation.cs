using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Benchmarks.LongSession;

/// <summary>
/// A Claude-Code-shaped conversation that grows one turn per call: the recorded first request's
/// model, system prompt and tools (tests/fixtures) resent every time, the messages so far, each call
/// adding the assistant's tool use and the user's tool result of a realistic size, the cache marker
/// moving to the newest message, and now and then an earlier block changing (a reminder rewritten).
/// </summary>
internal sealed class Conversation
{
    // Tool results as Claude Code sends them: mostly small (ls, edits, greps), some file reads.
    private static readonly int[] ResultSizes = [300, 600, 1_200, 2_500, 4_000, 6_000, 12_000];

    private readonly JsonObject _template;
    private readonly JsonArray _messages;
    private readonly Random _random = new(17);
    private int _calls;

    public Conversation(string fixturePath)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllBytes(fixturePath));
        _template = JsonNode.Parse(fixture.RootElement.GetProperty("body").GetRawText())!.AsObject();
        _messages = _template["messages"]!.AsArray();
    }

    /// <summary>The body of the next call: everything so far plus a new user turn.</summary>
    public byte[] NextRequest()
    {
        _calls++;
        if (_calls > 1)
        {
            var toolId = $"toolu_{_calls:D6}{_random.Next():x8}";
            _messages.Add(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = $"Step {_calls}: let me look at {FileName()} next." },
                    new JsonObject { ["type"] = "tool_use", ["id"] = toolId, ["name"] = "Read", ["input"] = new JsonObject { ["file_path"] = "/home/dev/project/" + FileName() } }),
            });
            _messages.Add(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = toolId, ["content"] = SourceText(ResultSizes[_random.Next(ResultSizes.Length)]) }),
            });
        }

        MoveCacheMarker();
        if (_calls % 40 == 0)
        {
            // An earlier block changes: Claude Code rewrites a system reminder now and then.
            var first = _messages[0]!["content"]!.AsArray()[0]!.AsObject();
            first["text"] = $"<system-reminder>\nToday's date is 2026-12-{_calls / 40 + 1:D2}. Context was refreshed at call {_calls}.\n</system-reminder>\n";
        }

        return Encoding.UTF8.GetBytes(_template.ToJsonString());
    }

    private void MoveCacheMarker()
    {
        foreach (var message in _messages)
        {
            if (message!["content"] is JsonArray blocks)
            {
                foreach (var block in blocks)
                {
                    block!.AsObject().Remove("cache_control");
                }
            }
        }

        if (_messages[^1]!["content"] is JsonArray last && last.Count > 0)
        {
            last[^1]!.AsObject()["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
        }
    }

    private string FileName() => $"src/module{_random.Next(200)}/file{_random.Next(1000)}.cs";

    // Source-like lines: identifiers, numbers and punctuation, not one repeated string.
    private string SourceText(int size)
    {
        var text = new StringBuilder(size + 100);
        var line = 1;
        while (text.Length < size)
        {
            text.Append(line++).Append('\t').Append(new string(' ', 4 * _random.Next(4)));
            text.Append(_random.Next(5) switch
            {
                0 => $"var value{_random.Next(100)} = Compute{_random.Next(50)}(input, {_random.Next(1000)});",
                1 => $"if (state{_random.Next(20)}.IsReady && count > {_random.Next(64)})",
                2 => "{",
                3 => "}",
                _ => $"// {Words(6 + _random.Next(8))}",
            }).Append('\n');
        }

        return text.ToString();
    }

    private string Words(int n)
    {
        string[] words = ["the", "cache", "request", "session", "value", "returns", "when", "stream", "block", "tool", "result", "file", "reads", "writes", "each", "turn"];
        return string.Join(' ', Enumerable.Range(0, n).Select(_ => words[_random.Next(words.Length)]));
    }
}
