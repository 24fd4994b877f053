using CcTracer.OpenTelemetry.Export;
using CcTracer.OpenTelemetry.Tests.Support;
using CcTracer.TestKit.Otlp;
using OpenTelemetry.Exporter;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests.Export;

/// <summary>A recorded session sent to a real OTLP receiver, judged by what the receiver stored.</summary>
public sealed class RecordedSessionExportTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    // 1 invoke_agent + 5 chat (2 main, 2 subagent, 1 overloaded retry) + 2 execute_tool (Agent, Bash).
    private const int SpansInSession = 8;

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Each_call_becomes_a_chat_span_with_the_genai_attributes(OtlpExportProtocol protocol)
    {
        var spans = await ExportAsync(protocol, includeContent: false);

        var chats = spans.Where(s => s["gen_ai.operation.name"] == "chat").ToList();
        Assert.Equal(5, chats.Count);
        Assert.All(chats, c =>
        {
            Assert.Equal("chat claude-opus-5-5", c.Name);
            Assert.Equal(3, c.Kind);
            Assert.Equal("anthropic", c["gen_ai.provider.name"]);
            Assert.Equal(Fixtures.SessionId, c["gen_ai.conversation.id"]);
            Assert.Equal("claude-opus-5-5", c["gen_ai.request.model"]);
            Assert.Equal("true", c["gen_ai.request.stream"]);
            Assert.NotNull(c["gen_ai.request.max_tokens"]);
        });

        var first = chats.Single(c => c["gen_ai.response.id"] == "msg_01Main");
        Assert.Equal("claude-opus-5-5", first["gen_ai.response.model"]);
        Assert.Contains("tool_use", first["gen_ai.response.finish_reasons"], StringComparison.Ordinal);
        // Anthropic's input_tokens (10) excludes the cache: the conventions' input is 10 + 3000 read + 500 written.
        Assert.Equal("3510", first["gen_ai.usage.input_tokens"]);
        Assert.Equal("3000", first["gen_ai.usage.cache_read.input_tokens"]);
        Assert.Equal("500", first["gen_ai.usage.cache_creation.input_tokens"]);
        Assert.Equal("40", first["gen_ai.usage.output_tokens"]);
        Assert.Equal(0.1205, double.Parse(first["gen_ai.response.time_to_first_chunk"]!, System.Globalization.CultureInfo.InvariantCulture), 6);
        // Recorded times, not export times: the request arrived at 10:00:00.200 and took 1,000 ms.
        Assert.Equal(Nanos(new DateTimeOffset(2026, 12, 3, 10, 0, 0, 200, TimeSpan.Zero)), first.StartUnixNano);
        Assert.Equal(1_000_000_000UL, first.EndUnixNano - first.StartUnixNano);

        var overloaded = chats.Single(c => c["error.type"] is not null);
        Assert.Equal("overloaded_error", overloaded["error.type"]);
        Assert.Equal(2, overloaded.StatusCode);
        Assert.Equal("529", overloaded["http.response.status_code"]);

        Assert.All(spans, s => Assert.Null(s["gen_ai.input.messages"]));
        Assert.All(spans, s => Assert.Null(s["gen_ai.output.messages"]));
    }

    [Fact]
    public async Task Tools_hang_under_the_call_that_asked_for_them_and_subagent_calls_under_their_agent_tool()
    {
        var spans = await ExportAsync(OtlpExportProtocol.HttpProtobuf, includeContent: false);

        var root = Assert.Single(spans, s => s["gen_ai.operation.name"] == "invoke_agent");
        var chats = spans.Where(s => s["gen_ai.operation.name"] == "chat").ToDictionary(s => s["cctracer.exchange_id"]!);
        var agentTool = Assert.Single(spans, s => s.Name == "execute_tool Agent");
        var bashTool = Assert.Single(spans, s => s.Name == "execute_tool Bash");

        Assert.Equal("execute_tool", agentTool["gen_ai.operation.name"]);
        Assert.Equal(Fixtures.AgentToolUseId, agentTool["gen_ai.tool.call.id"]);
        Assert.Equal("Agent", agentTool["gen_ai.tool.name"]);
        // PreToolUse at 1.300 s, PostToolUse at 2.900 s.
        Assert.Equal(1_600_000_000UL, agentTool.EndUnixNano - agentTool.StartUnixNano);

        Assert.Equal(chats["ex01main"].SpanId, agentTool.ParentSpanId);
        Assert.Equal(agentTool.SpanId, chats["ex02sub"].ParentSpanId);
        Assert.Equal(agentTool.SpanId, chats["ex03sub"].ParentSpanId);
        Assert.Equal(chats["ex02sub"].SpanId, bashTool.ParentSpanId);
        Assert.Equal(Fixtures.SubagentBashToolUseId, bashTool["gen_ai.tool.call.id"]);
        Assert.Equal(root.SpanId, chats["ex05main"].ParentSpanId);
        Assert.Equal(root.TraceId, chats["ex05main"].TraceId);
        Assert.Equal("", root.ParentSpanId);
    }

    [Fact]
    public async Task A_call_carrying_claude_codes_traceparent_joins_that_trace()
    {
        var spans = await ExportAsync(OtlpExportProtocol.HttpProtobuf, includeContent: false);

        var joined = Assert.Single(spans, s => s["cctracer.exchange_id"] == "ex01main");
        Assert.Equal(Fixtures.TraceParentTraceId, joined.TraceId);
        Assert.Equal(Fixtures.TraceParentSpanId, joined.ParentSpanId);
        // What hangs under it follows it into Claude Code's trace.
        Assert.Equal(Fixtures.TraceParentTraceId, Assert.Single(spans, s => s.Name == "execute_tool Agent").TraceId);
        Assert.NotEqual(Fixtures.TraceParentTraceId, Assert.Single(spans, s => s["cctracer.exchange_id"] == "ex05main").TraceId);
    }

    [Fact]
    public async Task Content_goes_out_in_the_conventions_shape_when_asked()
    {
        var spans = await ExportAsync(OtlpExportProtocol.Grpc, includeContent: true);

        var first = Assert.Single(spans, s => s["cctracer.exchange_id"] == "ex01main");
        var input = first["gen_ai.input.messages"]!;
        Assert.StartsWith("[{\"role\":\"user\",\"parts\":[", input, StringComparison.Ordinal);
        Assert.Contains("please delegate this", input, StringComparison.Ordinal);
        Assert.StartsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Delegating.\"},{\"type\":\"tool_call\",\"id\":\"toolu_01AgentCallXyz\",\"name\":\"Agent\",\"arguments\":{",
            first["gen_ai.output.messages"], StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"tool_use\"", first["gen_ai.output.messages"], StringComparison.Ordinal);
        Assert.StartsWith("[{\"type\":\"text\",\"content\":", first["gen_ai.system_instructions"], StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"function\",\"name\":\"Agent\"", first["gen_ai.tool.definitions"], StringComparison.Ordinal);
        // The key was masked when recorded; nothing exported carries more than the record did.
        Assert.All(spans, s => Assert.DoesNotContain(s.Attributes.Values, v => v.Contains("sk-ant-api03-", StringComparison.Ordinal) && !v.Contains("[fixture]", StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<StoredSpan>> ExportAsync(OtlpExportProtocol protocol, bool includeContent)
    {
        var ct = TestContext.Current.CancellationToken;
        var dashboard = fixture.Dashboard;
        var service = DashboardFixture.UniqueService();
        var result = await OtlpSessionExporter.ExportFileAsync(Fixtures.SubagentSession, new CcTracerOtlpExportOptions
        {
            Endpoint = protocol == OtlpExportProtocol.Grpc ? dashboard.OtlpGrpc : dashboard.OtlpHttp,
            Protocol = protocol,
            IncludeContent = includeContent,
            ServiceName = service,
        }, ct);

        Assert.True(result.Succeeded, result.Failure ?? "flush timed out");
        Assert.Equal((1, 5, 2), (result.Sessions, result.ChatSpans, result.ToolSpans));
        var spans = await dashboard.WaitForSpansAsync(all => all.Count(s => s.Service == service) >= SpansInSession, $"{SpansInSession} spans of {service}", ct);
        var ours = spans.Where(s => s.Service == service).ToList();
        Assert.Equal(SpansInSession, ours.Count);
        return ours;
    }

    private static ulong Nanos(DateTimeOffset at) => (ulong)(at - DateTimeOffset.UnixEpoch).Ticks * 100;
}
