using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Buffers;
using CcTracer.Storage;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

/// <summary>
/// Text and thinking longer than <see cref="ChunkedText.Threshold"/> stay UTF-8 chunks inside the
/// turn; what users read and what the log gets must be the same as for an ordinary string.
/// </summary>
public sealed class LongTextTests
{
    private static (byte[] Sse, string Thinking, string Text) LongTurn(int chars)
    {
        var sse = new StringBuilder();
        var thinking = new StringBuilder();
        var text = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"output_tokens\":1}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n");
        for (var i = 0; thinking.Length < chars; i++)
        {
            var piece = $"step {i}: é€ \"quoted\"\n";
            thinking.Append(piece);
            sse.Append("event: content_block_delta\ndata: ").Append(JsonSerializer.Serialize(new { type = "content_block_delta", index = 0, delta = new { type = "thinking_delta", thinking = piece } })).Append("\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (var i = 0; text.Length < chars; i++)
        {
            // Surrogate pairs and raw multi-byte text, so chunk edges fall inside code points.
            var piece = i % 2 == 0 ? "😀日本語 " : $"word{i} ";
            text.Append(piece);
            sse.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"").Append(piece).Append("\"}}\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n");
        sse.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return (Encoding.UTF8.GetBytes(sse.ToString()), thinking.ToString(), text.ToString());
    }

    private static ApiTurn Assemble(byte[] sse)
    {
        var assembler = new TurnAssembler();
        for (var at = 0; at < sse.Length; at += 4096)
        {
            assembler.Append(sse.AsSpan(at, Math.Min(4096, sse.Length - at)), TimeSpan.FromMilliseconds(at));
        }

        return assembler.Complete(TimeSpan.FromSeconds(1));
    }

    // As the proxy does: every byte kept (up to the limit) before the assembler reads it, and the
    // assembler told to refer to the kept body instead of copying texts.
    private static (ApiTurn Turn, BodyTextSource Source, ChunkedBuffer Body) AssembleReferring(byte[] sse, long limit = long.MaxValue, int chunk = 4096)
    {
        var body = new ChunkedBuffer(limit);
        var assembler = new TurnAssembler();
        var source = assembler.ReferTextsTo(body);
        for (var at = 0; at < sse.Length; at += chunk)
        {
            var piece = sse.AsSpan(at, Math.Min(chunk, sse.Length - at));
            body.Write(piece);
            assembler.Append(piece, TimeSpan.FromMilliseconds(at));
        }

        return (assembler.Complete(TimeSpan.FromSeconds(1)), source, body);
    }

    private static void AssertTexts(ApiTurn turn, string thinking, string text)
    {
        var content = turn.Message!["content"]!.AsArray();
        Assert.Equal(thinking, content[0]!["thinking"]!.GetValue<string>());
        Assert.Equal(text, content[1]!["text"]!.GetValue<string>());
    }

    private static byte[] Written(ApiTurn turn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            turn.WriteMessage(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(200_000)]
    public void Long_text_and_thinking_read_back_as_the_streamed_strings(int chars)
    {
        var (sse, thinking, text) = LongTurn(chars);

        var turn = Assemble(sse);

        Assert.True(turn.IsComplete);
        AssertTexts(turn, thinking, text);
    }

    [Fact]
    public void The_log_gets_the_same_message_before_and_after_a_user_reads_it()
    {
        var (sse, thinking, text) = LongTurn(300_000);
        var turn = Assemble(sse);

        var beforeReading = Written(turn);
        _ = turn.Message;
        var afterReading = Written(turn);

        Assert.Equal(afterReading, beforeReading);
        using var doc = JsonDocument.Parse(beforeReading);
        var content = doc.RootElement.GetProperty("content");
        Assert.Equal(thinking, content[0].GetProperty("thinking").GetString());
        Assert.Equal(text, content[1].GetProperty("text").GetString());
        Assert.Equal("end_turn", doc.RootElement.GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData(1_000, 4096)]
    [InlineData(200_000, 4096)]
    [InlineData(200_000, 7)]
    public void Texts_referring_to_the_kept_body_read_and_write_exactly_as_copied_ones(int chars, int chunk)
    {
        var (sse, thinking, text) = LongTurn(chars);
        var copied = Assemble(sse);
        var (referring, _, body) = AssembleReferring(sse, chunk: chunk);
        using (body)
        {
            // Written first: the record is serialized before anyone reads the message.
            Assert.Equal(Written(copied), Written(referring));
            AssertTexts(referring, thinking, text);
        }
    }

    [Fact]
    public void A_body_cut_at_its_limit_makes_the_later_deltas_copied_and_the_text_stays_whole()
    {
        var (sse, thinking, text) = LongTurn(200_000);
        var (turn, _, body) = AssembleReferring(sse, limit: sse.Length / 2);
        using (body)
        {
            Assert.True(body.Truncated);
            AssertTexts(turn, thinking, text);
        }
    }

    [Fact]
    public void Reading_a_text_after_its_body_was_released_fails_instead_of_reading_freed_memory()
    {
        var (sse, _, _) = LongTurn(200_000);
        var (turn, source, body) = AssembleReferring(sse);
        source.Release();
        body.Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => turn.Message);
        Assert.Contains("freed", error.Message, StringComparison.Ordinal);
    }

    // A record as the log writer serializes it: the raw path is only open there.
    private static JsonNode Logged(ApiTurn turn, ChunkedBuffer? body, byte[] sse)
    {
        var record = new ApiResponseRecord("s", "ex_1", 200, [])
        {
            Streamed = true,
            Turn = turn,
            BodyChunks = body?.AsSequence() ?? new ReadOnlySequence<byte>(sse),
        };
        var buffer = new ArrayBufferWriter<byte>();
        RecordSerializer.WriteRecord(buffer, record);
        var logged = JsonNode.Parse(buffer.WrittenSpan)!;
        logged.AsObject().Remove("ts");
        return logged;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_logged_record_copies_the_deltas_escaped_bytes_and_says_the_same_as_a_copied_turn(bool invalidUtf8Elsewhere)
    {
        var (sse, thinking, text) = LongTurn(200_000);
        if (invalidUtf8Elsewhere)
        {
            // A comment line the parser skips: the body is not UTF-8 any more (logged as base64),
            // so texts must not be copied raw; they are unescaped and written as usual.
            sse = [.. ": \xff"u8[..2], 0xFF, (byte)'\n', .. sse];
        }

        var (referring, _, body) = AssembleReferring(sse);
        using (body)
        {
            var logged = Logged(referring, body, sse);
            var expected = Logged(Assemble(sse), null, sse);

            Assert.Equal(thinking, logged["message"]!["content"]![0]!["thinking"]!.GetValue<string>());
            Assert.Equal(text, logged["message"]!["content"]![1]!["text"]!.GetValue<string>());
            Assert.Equal(invalidUtf8Elsewhere, logged.AsObject().ContainsKey("body_base64"));
            Assert.True(JsonNode.DeepEquals(expected, logged), "the record differs from the one a copied turn gives");
        }
    }

    [Fact]
    public async Task Reading_a_turn_while_the_log_writes_its_record_gives_both_their_own_texts()
    {
        var (sse, _, text) = LongTurn(200_000);
        var (turn, _, body) = AssembleReferring(sse);
        using (body)
        {
            var record = new ApiResponseRecord("s", "ex_1", 200, []) { Streamed = true, Turn = turn, BodyChunks = body.AsSequence() };
            var output = new PausingOutput("\"event_offsets_ms\":["u8.ToArray());

            // The log writer writes the record and stops in the middle of it, outside any lock.
            var logging = Task.Factory.StartNew(
                () =>
                {
                    output.Owner = Environment.CurrentManagedThreadId;
                    RecordSerializer.WriteRecord(output, record);
                },
                TestContext.Current.CancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            Assert.True(output.Paused.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the writer never reached the event offsets");

            byte[] read;
            try
            {
                read = Written(turn);
            }
            finally
            {
                output.Resume();
            }

            await logging.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(text, JsonNode.Parse(read)!["content"]![1]!["text"]!.GetValue<string>());
            Assert.Equal(text, JsonNode.Parse(output.Written)!["message"]!["content"]![1]!["text"]!.GetValue<string>());
        }
    }

    /// <summary>
    /// Hands out small spans, so the JSON writer comes back often, and stops its owner's thread the
    /// first time it comes back after <c>marker</c> was written, until <see cref="Resume"/>.
    /// </summary>
    private sealed class PausingOutput(byte[] marker) : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private readonly ManualResetEventSlim _resume = new();
        private bool _paused;

        public int Owner { get; set; } = -1;

        public ManualResetEventSlim Paused { get; } = new();

        public ReadOnlySpan<byte> Written => _inner.WrittenSpan;

        public void Resume() => _resume.Set();

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (!_paused && Environment.CurrentManagedThreadId == Owner && _inner.WrittenSpan.IndexOf(marker) >= 0)
            {
                _paused = true;
                Paused.Set();
                _resume.Wait(TimeSpan.FromSeconds(30));
            }

            var memory = _inner.GetMemory(sizeHint);
            return memory[..Math.Min(memory.Length, Math.Max(sizeHint, 256))];
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
