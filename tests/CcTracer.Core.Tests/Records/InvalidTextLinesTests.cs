using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Records;

/// <summary>
/// Property: whatever bytes or characters reach a record — bodies that are not UTF-8, strings with
/// lone surrogates (the only way .NET text is not valid Unicode), control characters, quotes — every
/// line the log writes is valid UTF-8 JSON, and no record is lost to a serialization fault.
/// </summary>
public sealed class InvalidTextLinesTests : IDisposable
{
    private readonly Storage.TempDirectory _dir = new();

    [Fact]
    public async Task Every_line_written_from_random_text_and_bytes_is_json()
    {
        var appended = 0;
        long failures;
        var log = new SessionLog(
            Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }),
            new LiveFeed(Options.Create(new LiveFeedOptions())));
        await using (log)
        {
            for (var seed = 0; seed < 400; seed++)
            {
                var rng = new Random(seed);
                Assert.True(log.Append(RandomRecord(rng)), $"seed {seed} was refused");
                appended++;
            }

            await log.FlushAsync(TestContext.Current.CancellationToken);
            failures = log.WriteFailures;
        }

        var lines = 0;
        foreach (var file in Directory.GetFiles(_dir.Path, "*.jsonl"))
        {
            foreach (var line in SplitLines(File.ReadAllBytes(file)))
            {
                // Schema v2 also writes chunk lines (bodies, once each): every line must parse, and the records are those with a seq.
                if (line.AsSpan().IndexOf("\"seq\":"u8) >= 0 && line.AsSpan().IndexOf("\"type\":\"chunk\""u8) < 0)
                {
                    lines++;
                }

                Assert.True(Utf8.IsValid(line), $"{Path.GetFileName(file)}: a line is not UTF-8");
                Assert.True(IsJsonObject(line), $"{Path.GetFileName(file)}: not a JSON object: {Encoding.UTF8.GetString(line)}");
            }
        }

        Assert.Equal(0, failures);
        Assert.Equal(appended, lines);
    }

    private static TraceRecord RandomRecord(Random rng)
    {
        var session = rng.Next(4) == 0 ? null : Text(rng, 40);
        return rng.Next(7) switch
        {
            6 => StreamedResponse(session, rng),
            0 => new HookRecord(session, NonEmpty(Text(rng, 30)), rng.Next(2) == 0 ? null : Text(rng, 30), JsonWithBytes(rng)),
            1 => new RejectedHookRecord(session, NonEmpty(Text(rng, 80)), Text(rng, 20), Text(rng, 20), Bytes(rng, 400)),
            2 => new NoticeRecord(session, (NoticeLevel)rng.Next(3), NonEmpty(Text(rng, 100)), Text(rng, 50)),
            3 => new ApiRequestRecord(session, Text(rng, 10), NonEmpty(Text(rng, 6)), "/v1/" + Text(rng, 40), Headers(rng), rng.Next(2) == 0 ? Bytes(rng, 600) : JsonWithBytes(rng))
            {
                Model = Text(rng, 20),
            },
            4 => new ApiResponseRecord(session, Text(rng, 10), rng.Next(100, 600), Headers(rng))
            {
                Body = rng.Next(2) == 0 ? Bytes(rng, 600) : JsonWithBytes(rng),
                Error = Text(rng, 60),
                TransportError = Text(rng, 60),
                ContentEncoding = rng.Next(3) == 0 ? Text(rng, 10) : null,
                CaptureWarnings = [Text(rng, 40), Text(rng, 40)],
            },
            // The sink files a hook only once its body parsed as a JSON object, so a hook's bytes are JSON syntax.
            _ => new RejectedHookRecord(session, NonEmpty(Text(rng, 80)), null, null, JsonWithBytes(rng)),
        };
    }

    /// <summary>A streamed response whose deltas and unknown events carry bytes that are not UTF-8, with its assembled turn.</summary>
    private static ApiResponseRecord StreamedResponse(string? session, Random rng)
    {
        var sse = new MemoryStream();
        sse.Write("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"u8);
        sse.Write("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"u8);
        sse.Write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""u8);
        sse.Write(StringBytes(rng, 300));
        sse.Write("\"}}\n\nevent: x\ndata: {\"type\":\""u8);
        sse.Write(StringBytes(rng, 20));
        sse.Write("\",\"v\":\""u8);
        sse.Write(StringBytes(rng, 100));
        sse.Write("\"}\n\nevent: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"u8);
        sse.Write("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8);
        var body = sse.ToArray();
        var assembler = new CcTracer.Turns.TurnAssembler();
        for (var at = 0; at < body.Length;)
        {
            var length = Math.Min(body.Length - at, rng.Next(1, 200));
            assembler.Append(body.AsSpan(at, length), TimeSpan.FromMilliseconds(at));
            at += length;
        }

        return new ApiResponseRecord(session, Text(rng, 10), 200, [new("content-type", "text/event-stream")])
        {
            Streamed = true,
            Body = body,
            Turn = assembler.Complete(TimeSpan.FromSeconds(1)),
        };
    }

    private static KeyValuePair<string, string>[] Headers(Random rng)
        => [.. Enumerable.Range(0, rng.Next(5)).Select(_ => new KeyValuePair<string, string>(NonEmpty(Text(rng, 20)), Text(rng, 60)))];

    /// <summary>Characters biased towards what breaks JSON and UTF-8: lone surrogates, controls, quotes, backslashes.</summary>
    private static string Text(Random rng, int max)
    {
        var chars = new char[rng.Next(max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = rng.Next(6) switch
            {
                0 => (char)rng.Next(0xD800, 0xE000),
                1 => (char)rng.Next(0, 0x20),
                2 => "\"\\/\u2028\u2029\uFFFE\uFEFF"[rng.Next(7)],
                3 => (char)rng.Next(0x80, 0x800),
                _ => (char)rng.Next(0x20, 0x7F),
            };
        }

        return new string(chars);
    }

    private static string NonEmpty(string text) => text.Length == 0 ? "x" : text;

    private static byte[] Bytes(Random rng, int max)
    {
        var bytes = new byte[rng.Next(max + 1)];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A JSON object (as the hook sink checks) whose strings hold bytes that are not UTF-8.</summary>
    private static byte[] JsonWithBytes(Random rng)
    {
        var output = new MemoryStream();
        output.Write("{\"session_id\":\"s\",\"a\":\""u8);
        output.Write(StringBytes(rng, 200));
        output.Write("\",\"n\":1}"u8);
        if (rng.Next(3) == 0)
        {
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }

    private static bool IsJsonObject(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 512 });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Random bytes that stay inside a JSON string: any but a quote, a backslash or a control.</summary>
    private static byte[] StringBytes(Random rng, int max)
        => [.. Bytes(rng, max).Select(b => b is (byte)'"' or (byte)'\\' or < 0x20 ? (byte)'x' : b)];

    private static IEnumerable<byte[]> SplitLines(byte[] file)
    {
        var start = 0;
        for (var i = 0; i < file.Length; i++)
        {
            if (file[i] == (byte)'\n')
            {
                yield return file[start..i];
                start = i + 1;
            }
        }

        Assert.Equal(file.Length, start);
    }

    public void Dispose() => _dir.Dispose();
}
