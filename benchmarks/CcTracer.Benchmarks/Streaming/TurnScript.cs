using System.Text;
using System.Text.Json;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// A realistic streamed Claude turn — thinking deltas, text deltas, a Bash tool call built from
/// input_json deltas — whose every event ends its data object with <c>"bench_ts":N</c>, the
/// upstream's <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> just before the write.
/// Each event is kept as a prefix and suffix around that number.
/// </summary>
internal sealed class TurnScript
{
    public static readonly byte[] TimestampMarker = "\"bench_ts\":"u8.ToArray();

    private TurnScript(IReadOnlyList<(byte[] Prefix, byte[] Suffix)> events) => Events = events;

    public IReadOnlyList<(byte[] Prefix, byte[] Suffix)> Events { get; }

    public static TurnScript Create(int eventCount)
    {
        var fixedEvents = 11;
        var deltas = Math.Max(3, eventCount - fixedEvents);
        var thinking = deltas * 3 / 10;
        var json = deltas / 5;
        var text = deltas - thinking - json;
        var random = new Random(8);
        var list = new List<(byte[], byte[])>(eventCount);

        void Add(string name, string data)
        {
            // data is a JSON object: reopen it to append the timestamp as its last member.
            var open = data[..^1] + ",\"bench_ts\":";
            list.Add((Encoding.UTF8.GetBytes($"event: {name}\ndata: {open}"), "}\n\n"u8.ToArray()));
        }

        Add("message_start", """{"type":"message_start","message":{"id":"msg_01BenchTurn","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":1843,"cache_read_input_tokens":24519,"output_tokens":4,"service_tier":"standard"}}}""");
        Add("ping", """{"type":"ping"}""");
        Add("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""");
        for (var i = 0; i < thinking; i++)
        {
            Add("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":{{{Str(Words(random, 3, 12))}}}}}""");
        }

        Add("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkYIBxgCKkB3c2lnbmF0dXJlLWJlbmNobWFyay1ub3QtcmVhbC1idXQtYXMtbG9uZy1hcy1vbmUtd291bGQtYmUtaW4tYS1yZWFsLXR1cm4SDGJlbmNobWFyaw=="}}""");
        Add("content_block_stop", """{"type":"content_block_stop","index":0}""");
        Add("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""");
        for (var i = 0; i < text; i++)
        {
            var words = Words(random, 1, 6) + (i % 40 == 39 ? "\n\n" : "");
            Add("content_block_delta", $$$"""{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":{{{Str(words)}}}}}""");
        }

        Add("content_block_stop", """{"type":"content_block_stop","index":1}""");
        Add("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01BenchToolCall","name":"Bash","input":{}}}""");
        var input = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["command"] = "cd /home/dev/project && " + string.Join(" && ", Enumerable.Range(0, json / 3 + 1).Select(i => $"grep -rn \"pattern{i}\" src/ | head -{i + 5}")),
            ["description"] = "Search the sources for the patterns the user mentioned",
        });
        var pieces = Split(input, json);
        foreach (var piece in pieces)
        {
            Add("content_block_delta", $$$"""{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":{{{Str(piece)}}}}}""");
        }

        Add("content_block_stop", """{"type":"content_block_stop","index":2}""");
        Add("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":{{{deltas * 3}}}}}""");
        Add("message_stop", """{"type":"message_stop"}""");
        return new TurnScript(list);
    }

    private static readonly string[] Vocabulary = ["the", "file", "function", "returns", "a", "value", "which", "I", "should", "check", "before", "editing", "tests", "pass", "now", "let", "me", "look", "at", "config", "—", "so", "\"quoted\"", "`code`", "because", "error", "handler", "stream"];

    private static string Words(Random random, int min, int max)
    {
        var n = random.Next(min, max + 1);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            sb.Append(i == 0 ? "" : " ").Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return sb.Append(' ').ToString();
    }

    private static List<string> Split(string s, int parts)
    {
        parts = Math.Max(1, Math.Min(parts, s.Length));
        var list = new List<string>(parts);
        for (var i = 0; i < parts; i++)
        {
            var from = s.Length * i / parts;
            var to = s.Length * (i + 1) / parts;
            list.Add(s[from..to]);
        }

        return list;
    }

    private static string Str(string s) => JsonSerializer.Serialize(s);
}
