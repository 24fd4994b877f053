using System.Text;
using System.Text.Json;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

/// <summary>Loads the SSE vectors under tests/fixtures/sse and feeds them to an assembler in different chunkings.</summary>
internal static class SseVectors
{
    /// <summary>Vectors that come with the Message the non-streaming API returns for them (<c>name.message.json</c>).</summary>
    public static readonly string[] MessageVectors =
    [
        "server-tool-use.sse",
        "container-upload.sse",
        "mcp-tool-use.sse",
        "compaction.sse",
        "fallback.sse",
        "cumulative-message-delta.sse",
        "refusal.sse",
        "context-window-exceeded.sse",
        "thinking-omitted.sse",
    ];

    public static readonly string[] Names =
    [
        "thinking-then-text.sse",
        "parallel-tool-use.sse",
        "empty-tool-input.sse",
        "citations.sse",
        "error-overloaded.sse",
        "truncated.sse",
        "unknown-things.sse",
        "utf8-multibyte.sse",
        "wire-crlf.sse",
        "wire-cr.sse",
        "invalid-tool-input.sse",
        "malformed-data.sse",
        .. MessageVectors,
    ];

    public static TheoryData<string> WithMessages => new(MessageVectors);

    /// <summary>The non-streaming Message of a vector in <see cref="MessageVectors"/>.</summary>
    public static string LoadMessage(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sse", Path.ChangeExtension(name, ".message.json")));

    public static TheoryData<string> All => new(Names);

    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "sse", name));

    public static ApiTurn Whole(byte[] stream)
    {
        var assembler = new TurnAssembler();
        assembler.Append(stream, TimeSpan.FromMilliseconds(1));
        return assembler.Complete(TimeSpan.FromMilliseconds(2));
    }

    public static ApiTurn ByteAtATime(byte[] stream)
    {
        var assembler = new TurnAssembler();
        for (int i = 0; i < stream.Length; i++)
        {
            assembler.Append(stream.AsSpan(i, 1), TimeSpan.FromMilliseconds(i));
        }

        return assembler.Complete(TimeSpan.FromMilliseconds(stream.Length));
    }

    /// <summary>Random cuts, mostly small (so CR/LF pairs and UTF-8 sequences get split) with some large ones.</summary>
    public static ApiTurn RandomChunks(byte[] stream, Random random)
    {
        var assembler = new TurnAssembler();
        int position = 0;
        int n = 0;
        while (position < stream.Length)
        {
            int size = random.Next(4) == 0 ? random.Next(1, 400) : random.Next(1, 8);
            size = Math.Min(size, stream.Length - position);
            assembler.Append(stream.AsSpan(position, size), TimeSpan.FromMilliseconds(n++));
            position += size;
        }

        return assembler.Complete(TimeSpan.FromMilliseconds(n));
    }

    /// <summary>Everything about a turn that must not depend on how the bytes were chunked.</summary>
    public static string Canonical(ApiTurn turn)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("message");
            turn.WriteMessage(writer);
            writer.WritePropertyName("usage");
            turn.WriteUsage(writer);
            writer.WriteBoolean("complete", turn.IsComplete);
            writer.WriteString("error", turn.Error);
            writer.WriteString("stop_reason", turn.StopReason);
            writer.WriteStartArray("events");
            foreach (SseEventTiming e in turn.Events)
            {
                writer.WriteStringValue(e.Type);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("unknown_events");
            foreach (var node in turn.UnknownEvents)
            {
                node.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("warnings");
            foreach (string w in turn.Warnings)
            {
                writer.WriteStringValue(w);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("damaged_events");
            foreach (int i in turn.DamagedEvents)
            {
                writer.WriteNumberValue(i);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("invalid_input_blocks");
            foreach (int i in turn.InvalidInputBlocks)
            {
                writer.WriteNumberValue(i);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
