using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.Tool.Cli;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

/// <summary><c>cc-tracer body</c> writes a record's exact body bytes, by file or by session id.</summary>
public sealed class BodyCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cctracer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_body_of_a_v2_record_is_written_exactly_to_stdout_or_a_file()
    {
        var ct = TestContext.Current.CancellationToken;
        byte[] body = [.. "{\n \"a\": \""u8, 0xff, 0x00, 0xc3, .. "\"\n}\r\n"u8, .. new byte[10_000]];
        await using (var log = new SessionLog(Options.Create(new TraceStoreOptions { LogDirectory = _dir }), new LiveFeed(Options.Create(new LiveFeedOptions()))))
        {
            log.Append(new HookRecord("s-body", "SessionStart", null, "{}"u8.ToArray()));
            log.Append(new ApiRequestRecord("s-body", "x", "POST", "/v1/messages", [], body));
        }

        using var stdout = new MemoryStream();
        using var error = new StringWriter();
        var code = await BodyCommand.RunAsync("s-body", 2, null, _dir, new ToolOutput(TextWriter.Null, error), () => stdout, ct);
        Assert.Equal(0, code);
        Assert.Equal(body, stdout.ToArray());

        var file = Path.Combine(_dir, "out.bin");
        code = await BodyCommand.RunAsync(Path.Combine(_dir, "s-body.jsonl"), 2, file, "/nonexistent", new ToolOutput(TextWriter.Null, error), () => throw new InvalidOperationException("not stdout"), ct);
        Assert.Equal(0, code);
        Assert.Equal(body, await File.ReadAllBytesAsync(file, ct));
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task A_record_without_a_body_or_a_missing_one_fails_with_a_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var log = new SessionLog(Options.Create(new TraceStoreOptions { LogDirectory = _dir }), new LiveFeed(Options.Create(new LiveFeedOptions()))))
        {
            log.Append(new HookRecord("s-none", "SessionStart", null, "{}"u8.ToArray()));
        }

        using var error = new StringWriter();
        Assert.Equal(1, await BodyCommand.RunAsync("s-none", 1, null, _dir, new ToolOutput(TextWriter.Null, error), () => Stream.Null, ct));
        Assert.Equal(1, await BodyCommand.RunAsync("s-none", 7, null, _dir, new ToolOutput(TextWriter.Null, error), () => Stream.Null, ct));
        Assert.Equal(2, await BodyCommand.RunAsync("s-nowhere", 1, null, _dir, new ToolOutput(TextWriter.Null, error), () => Stream.Null, ct));
        Assert.Contains("no body", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("no record 7", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
