using System.Net;
using System.Text;
using CcTracer.TestKit;
using CcTracer.TestKit.Otlp;
using CcTracer.Tool.Cli;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;
using OpenTelemetry.Exporter;
using Xunit;

namespace CcTracer.Tool.Tests.Server;

/// <summary><c>serve --otlp-endpoint</c>: the tool's own server exports each call as it completes.</summary>
public sealed class ServeOtlpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_exports_a_proxied_call_live_to_the_endpoint_it_was_given()
    {
        if (AspireDashboard.Find() is null)
        {
            Assert.Skip(AspireDashboard.NotInstalled);
        }

        await using var dashboard = await AspireDashboard.StartAsync(Ct);
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        upstream.Enqueue(ScriptedResponse.Stream(new SseScript().Text("hi").Build(stopReason: "end_turn")));
        var logs = Directory.CreateTempSubdirectory("cctracer-otlp-");
        var port = LoopbackPort.Free();
        var settings = new ServeSettings(port, IPAddress.Loopback, logs.FullName, upstream.BaseUri, [])
        {
            Otlp = new OtlpSettings(dashboard.OtlpHttp, OtlpExportProtocol.HttpProtobuf, Content: false),
        };
        try
        {
            var app = TracerServer.Build(settings, ShutdownEndpoint.NewToken());
            await using (app)
            {
                await app.StartAsync(Ct);
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
                {
                    Content = new StringContent("""{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Claude-Code-Session-Id", "5b1c9a52-0000-4000-8000-000000000001");
                using (var response = await client.SendAsync(request, Ct))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                var spans = await dashboard.WaitForSpansAsync(s => s.Any(x => x.Name == "chat claude-haiku-4-5"), "the live chat span", Ct);
                var chat = spans.Single(x => x.Name == "chat claude-haiku-4-5");
                Assert.Equal("5b1c9a52-0000-4000-8000-000000000001", chat["gen_ai.conversation.id"]);
                Assert.Equal("64", chat["gen_ai.request.max_tokens"]);
                Assert.Equal("cc-tracer", chat.Service);
                await app.StopAsync(Ct);
            }
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    [Fact]
    public void Start_hands_its_otlp_options_to_the_server_it_launches()
    {
        var settings = new ServeSettings(7355, IPAddress.Loopback, "/tmp/logs", new Uri("https://api.anthropic.com"), [])
        {
            Otlp = new OtlpSettings(new Uri("http://127.0.0.1:4318"), OtlpExportProtocol.HttpProtobuf, Content: true),
        };

        var command = ServerLauncher.ServeCommandLine(settings);
        var serve = command.SkipWhile(a => a != "serve").ToArray();
        var parsed = TracerCommandLine.Build(new ToolOutput(TextWriter.Null, TextWriter.Null), []).Parse(serve);

        Assert.Empty(parsed.Errors);
        Assert.Equal(["--otlp-endpoint", "http://127.0.0.1:4318/", "--otlp-protocol", "http/protobuf", "--otlp-content"], serve[^5..]);
    }
}
