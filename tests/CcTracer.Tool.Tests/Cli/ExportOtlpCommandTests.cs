using CcTracer.TestKit.Otlp;
using CcTracer.Tool.Cli;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

/// <summary><c>cc-tracer export otlp</c> against a real receiver (the Aspire dashboard), judged by what it stored.</summary>
public sealed class ExportOtlpCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string OneToolSession => Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl");

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task A_recorded_session_file_is_sent_as_genai_spans(string protocol)
    {
        if (AspireDashboard.Find() is null)
        {
            Assert.Skip(AspireDashboard.NotInstalled);
        }

        await using var dashboard = await AspireDashboard.StartAsync(Ct);
        var endpoint = protocol == "grpc" ? dashboard.OtlpGrpc : dashboard.OtlpHttp;

        var (code, _, error) = await RunAsync("export", "otlp", OneToolSession, "--endpoint", endpoint.ToString(), "--protocol", protocol);

        Assert.True(code == 0, error);
        Assert.Contains("sent 2 chat, 1 execute_tool and 1 session spans", error, StringComparison.Ordinal);
        var spans = await dashboard.WaitForSpansAsync(s => s.Count >= 4, "4 spans", Ct);
        Assert.Equal(["chat claude-opus-4-8", "chat claude-opus-4-8", "execute_tool Bash", "invoke_agent Claude Code"], spans.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(spans, s => Assert.Equal("cc-tracer", s.Service));
        var bash = spans.Single(s => s.Name == "execute_tool Bash");
        Assert.Equal(spans.Single(s => s["gen_ai.response.id"] == "msg_01TurnOne").SpanId, bash.ParentSpanId);
        Assert.All(spans, s => Assert.Null(s["gen_ai.input.messages"]));
    }

    [Fact]
    public async Task A_session_id_is_looked_up_in_the_log_directory()
    {
        var logs = Directory.CreateTempSubdirectory("cctracer-export-");
        try
        {
            File.Copy(OneToolSession, Path.Combine(logs.FullName, "69291977-120d-4f2a-bfbc-187768282b87.jsonl"));

            var (code, _, error) = await RunAsync("export", "otlp", "69291977-120d-4f2a-bfbc-187768282b87", "--log-dir", logs.FullName, "--endpoint", $"http://127.0.0.1:{LoopbackPort.Free()}", "--protocol", "http/protobuf");

            // Found and read (2 calls), then the closed port is reported, with exit code 1.
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("could not send 2 chat, 1 execute_tool and 1 session spans", error, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_session_fails_and_says_where_it_looked()
    {
        var (code, _, error) = await RunAsync("export", "otlp", "no-such-session", "--log-dir", Path.GetTempPath(), "--endpoint", "http://127.0.0.1:4318");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("no session log 'no-such-session'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--protocol", "http/json", "--protocol must be grpc or http/protobuf")]
    [InlineData("--endpoint", "localhost:4317", "--endpoint must be an absolute http(s) URL")]
    public async Task Bad_options_are_usage_errors(string option, string value, string message)
    {
        var (code, _, error) = await RunAsync("export", "otlp", OneToolSession, option, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TracerCommandLine.RunAsync(args, new ToolOutput(output, error), Ct);
        return (code, output.ToString(), error.ToString());
    }
}
