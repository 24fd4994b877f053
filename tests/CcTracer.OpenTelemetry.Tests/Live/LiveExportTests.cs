using System.Net.Http.Headers;
using System.Text;
using CcTracer.OpenTelemetry.Tests.Support;
using CcTracer.TestKit;
using CcTracer.TestKit.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests.Live;

/// <summary>A host with the tracer and the live export: calls through the real proxy reach a real receiver as they complete.</summary>
public sealed class LiveExportTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_proxied_call_and_its_tool_are_exported_while_the_session_runs_joining_claude_codes_trace()
    {
        var dashboard = fixture.Dashboard;
        var service = DashboardFixture.UniqueService();
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        upstream.Enqueue(ScriptedResponse.Stream(new SseScript()
            .Text("Running it.")
            .ToolUse("toolu_01Live", "Bash", """{"command":"echo hi","description":"say hi"}""")
            .Build(stopReason: "tool_use")));
        var logDirectory = Path.Combine(Path.GetTempPath(), "cctracer-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(o => o.Upstream = upstream.BaseUri, s => s.LogDirectory = logDirectory)
            .AddCcTracerOpenTelemetryExport(o =>
            {
                o.Endpoint = dashboard.OtlpHttp;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ServiceName = service;
            });
        await using var app = builder.Build();
        app.MapCcTracer();
        await app.StartAsync(Ct);
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://127.0.0.1:7355/");
        var session = Guid.NewGuid().ToString();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":512,"stream":true,"messages":[{"role":"user","content":"run echo hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Claude-Code-Session-Id", session);
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using (var response = await client.SendAsync(request, Ct))
        {
            await response.Content.ReadAsByteArrayAsync(Ct);
        }

        var chat = (await dashboard.WaitForSpansAsync(s => s.Any(x => x.Service == service && x.Name == "chat claude-sonnet-4-5"), "the live chat span", Ct))
            .Single(x => x.Service == service && x.Name == "chat claude-sonnet-4-5");
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", chat.TraceId);
        Assert.Equal("00f067aa0ba902b7", chat.ParentSpanId);
        Assert.Equal(session, chat["gen_ai.conversation.id"]);
        Assert.Equal("512", chat["gen_ai.request.max_tokens"]);
        Assert.Contains("tool_use", chat["gen_ai.response.finish_reasons"], StringComparison.Ordinal);

        await PostHookAsync(client, session, "PreToolUse", ""","tool_name":"Bash","tool_input":{"command":"echo hi"},"tool_use_id":"toolu_01Live" """);
        await PostHookAsync(client, session, "PostToolUse", ""","tool_name":"Bash","tool_input":{"command":"echo hi"},"tool_response":{"stdout":"hi"},"tool_use_id":"toolu_01Live" """);
        var tool = (await dashboard.WaitForSpansAsync(s => s.Any(x => x.Service == service && x.Name == "execute_tool Bash"), "the live tool span", Ct))
            .Single(x => x.Service == service && x.Name == "execute_tool Bash");
        Assert.Equal(chat.SpanId, tool.ParentSpanId);
        Assert.Equal("toolu_01Live", tool["gen_ai.tool.call.id"]);

        // The session's own span goes out when the session ends, spanning it.
        await PostHookAsync(client, session, "SessionEnd", ""","reason":"other" """);
        var spans = await dashboard.WaitForSpansAsync(s => s.Any(x => x.Service == service && x.Name == "invoke_agent Claude Code"), "the session span", Ct);
        var root = spans.Single(x => x.Service == service && x.Name == "invoke_agent Claude Code");
        Assert.Equal(session, root["gen_ai.conversation.id"]);
        Assert.True(root.StartUnixNano <= chat.StartUnixNano && root.EndUnixNano >= tool.EndUnixNano);
        Assert.Equal(3, spans.Count(x => x.Service == service));
        await app.StopAsync(Ct);
    }

    private static async Task PostHookAsync(HttpClient client, string session, string name, string fields)
    {
        var json = $$"""{"session_id":"{{session}}","hook_event_name":"{{name}}"{{fields.TrimEnd()}}}""";
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/hooks", content, Ct);
        response.EnsureSuccessStatusCode();
    }
}
