using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CcTracer.Benchmarks;

/// <summary>
/// A deterministic ~1 MB streamed turn shaped like Claude Code's: a long thinking block, a text block and
/// a Bash tool call whose input arrives as many small <c>input_json_delta</c> fragments, with pings.
/// Generated rather than stored so the columns (which run in the host process) can compute MB/s and
/// bytes per event from the same bytes the benchmark process parsed.
/// </summary>
internal static class ReassemblerWorkload
{
    private const int TargetBytes = 1_000_000;

    private static readonly string[] Words =
    [
        "the", "user", "wants", "to", "run", "tests", "in", "the", "repository", "so", "I", "should", "check",
        "package.json", "first", "then", "call", "Bash", "with", "npm", "test", "and", "look", "at", "failures",
        "—", "naïve", "café", "日本語", "🎉", "\"quoted\"", "path/to/file.cs", "\n",
    ];

    // The API sends non-ASCII text as raw UTF-8, not \u escapes; only quotes, backslashes and controls are escaped.
    private static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Stream { get; } = Build();

    public static int EventCount { get; } = CountEvents();

    private static int CountEvents()
    {
        int count = 0;
        ReadOnlySpan<byte> span = Stream;
        int at;
        while ((at = span.IndexOf("\n\n"u8)) >= 0)
        {
            count++;
            span = span[(at + 2)..];
        }

        return count;
    }

    private static byte[] Build()
    {
        var random = new Random(20261123);
        var sb = new StringBuilder(TargetBytes + 4096);
        void Event(string type, object data)
        {
            sb.Append("event: ").Append(type).Append("\ndata: ").Append(JsonSerializer.Serialize(data, Wire)).Append("\n\n");
        }

        string Phrase()
        {
            var phrase = new StringBuilder();
            int n = random.Next(2, 9);
            for (int i = 0; i < n; i++)
            {
                phrase.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            return phrase.ToString();
        }

        Event("message_start", new
        {
            type = "message_start",
            message = new
            {
                model = "claude-opus-4-8", id = "msg_01Bench", type = "message", role = "assistant", content = Array.Empty<object>(),
                stop_reason = (string?)null, stop_sequence = (string?)null,
                usage = new { input_tokens = 6, cache_creation_input_tokens = 3201, cache_read_input_tokens = 18650, output_tokens = 2, service_tier = "standard" },
            },
        });
        int deltas = 0;
        void Delta(int index, object delta)
        {
            Event("content_block_delta", new { type = "content_block_delta", index, delta });
            if (++deltas % 40 == 0)
            {
                Event("ping", new { type = "ping" });
            }
        }

        Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "thinking", thinking = "", signature = "" } });
        while (sb.Length < TargetBytes * 40 / 100)
        {
            Delta(0, new { type = "thinking_delta", thinking = Phrase() });
        }

        Delta(0, new { type = "signature_delta", signature = new string('S', 344) });
        Event("content_block_stop", new { type = "content_block_stop", index = 0 });

        Event("content_block_start", new { type = "content_block_start", index = 1, content_block = new { type = "text", text = "" } });
        while (sb.Length < TargetBytes * 65 / 100)
        {
            Delta(1, new { type = "text_delta", text = Phrase() });
        }

        Event("content_block_stop", new { type = "content_block_stop", index = 1 });

        // A Write-like tool call: a long string argument streamed in small fragments that cut anywhere.
        var content = new StringBuilder();
        while (content.Length < TargetBytes * 6 / 100)
        {
            content.Append(Phrase());
        }

        string input = JsonSerializer.Serialize(new { file_path = "/work/src/Program.cs", content = content.ToString() }, Wire);
        Event("content_block_start", new { type = "content_block_start", index = 2, content_block = new { type = "tool_use", id = "toolu_01Write", name = "Write", input = new { } } });
        for (int at = 0; at < input.Length;)
        {
            int size = Math.Min(random.Next(8, 40), input.Length - at);
            if (char.IsHighSurrogate(input[at + size - 1]) && at + size < input.Length)
            {
                size++;
            }

            Delta(2, new { type = "input_json_delta", partial_json = input.Substring(at, size) });
            at += size;
        }

        Event("content_block_stop", new { type = "content_block_stop", index = 2 });
        Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "tool_use", stop_sequence = (string?)null }, usage = new { output_tokens = 250_000 } });
        Event("message_stop", new { type = "message_stop" });
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
