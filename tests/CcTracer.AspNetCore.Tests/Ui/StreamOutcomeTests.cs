using CcTracer.AspNetCore.Tests.Proxy;
using CcTracer.TestKit;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// What went wrong in a stream, and the block types of the 2026 API, as the page shows them: real
/// streams through the real proxy, the real summaries, in Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StreamOutcomeTests
{
    private const string SessionId = "5c7d3a52-7f0e-4d55-9d2b-6a1f0c3e2b19";

    // Each exchange is two records (request, response); its row has the request's seq.
    private static readonly (string Vector, string[] BlockTypes)[] Exchanges =
    [
        ("error-overloaded.sse", ["text"]),
        ("malformed-data.sse", ["text"]),
        ("server-tool-use.sse", ["server_tool_use", "web_search_tool_result", "web_search_result", "web_fetch_tool_result", "text"]),
        ("mcp-tool-use.sse", ["mcp_tool_use", "mcp_tool_result", "text"]),
        ("container-upload.sse", ["container_upload", "server_tool_use", "bash_code_execution_tool_result"]),
        ("compaction.sse", ["compaction"]),
        ("fallback.sse", ["fallback", "text"]),
        ("thinking-omitted.sse", ["thinking", "text"]),
        ("refusal.sse", ["text"]),
        ("cumulative-message-delta.sse", ["server_tool_use"]),
    ];

    private readonly BrowserFixture _browser;

    public StreamOutcomeTests(BrowserFixture browser) => _browser = browser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long RowOf(string vector) => 1 + (2 * Array.FindIndex(Exchanges, e => e.Vector == vector));

    [Fact]
    public async Task The_api_error_the_damage_and_every_new_block_type_are_shown_in_row_and_detail()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await KestrelTracer.StartAsync("", upstream.BaseUri);
        var count = 0;
        foreach (var (vector, _) in Exchanges)
        {
            upstream.Enqueue(new ScriptedResponse { Body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "sse", vector)), ContentType = "text/event-stream" });
            using var response = await tracer.Http.SendAsync(ProxyStreamingTests.MessagesRequest(SessionId, """{"model":"claude-opus-4-8","stream":true,"messages":[]}"""), Ct);
            await response.Content.ReadAsByteArrayAsync(Ct);
            await RecordedSessionBuilder.WaitForRecordsAsync(tracer.Http, SessionId, count += 2, Ct);
        }

        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(tracer.Root + "#session=" + SessionId, Exchanges.Length);

        // The API's error, in the row and in the detail, apart from the transport.
        var failed = ui.Row(RowOf("error-overloaded.sse"));
        await Expect(failed.Locator(".c-st")).ToContainTextAsync("overloaded_error");
        await Expect(failed.Locator(".c-st")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbad\b"));
        await Expect(failed.Locator(".c-name")).ToContainTextAsync("Overloaded");
        await ui.SelectAsync(RowOf("error-overloaded.sse"), "response");
        await Expect(ui.DetailBody.Locator("[data-api-error=overloaded_error]")).ToContainTextAsync("Overloaded");
        await ui.ScreenshotAsync("api-error-response");

        // A damaged turn says so in its row, though it reached message_stop.
        var damaged = ui.Row(RowOf("malformed-data.sse"));
        await Expect(damaged.Locator(".c-st")).ToContainTextAsync("damaged");
        await Expect(damaged.Locator(".c-name")).ToContainTextAsync("damaged");
        await ui.SelectAsync(RowOf("malformed-data.sse"), "response");
        await Expect(ui.DetailBody.Locator("[data-damaged]")).ToContainTextAsync("#3, #4");

        foreach (var (vector, types) in Exchanges.Skip(2))
        {
            await ui.SelectAsync(RowOf(vector), "response");
            foreach (var type in types)
            {
                await Expect(ui.DetailBody.Locator($"[data-block-type={type}]").First).ToBeVisibleAsync();
            }

            await Expect(ui.DetailBody).Not.ToContainTextAsync("unknown block type");
        }

        // The newer stop reasons read as they are, and a refusal's stop_details next to its stop_reason.
        await Expect(ui.Row(RowOf("cumulative-message-delta.sse")).Locator(".c-name")).ToContainTextAsync("→ pause_turn");
        await Expect(ui.Row(RowOf("refusal.sse")).Locator(".c-name")).ToContainTextAsync("→ refusal");
        await ui.SelectAsync(RowOf("refusal.sse"), "response");
        await Expect(ui.DetailBody).ToContainTextAsync("stop_details");
        await Expect(ui.DetailBody).ToContainTextAsync("The request asks for working malware.");
        await ui.SelectAsync(RowOf("thinking-omitted.sse"), "response");
        await Expect(ui.DetailBody.Locator("[data-thinking=omitted]")).ToContainTextAsync("thinking omitted");
        await ui.SelectAsync(RowOf("compaction.sse"), "response");
        await Expect(ui.DetailBody.Locator("[data-block-type=compaction] pre").First).ToContainTextAsync("tokenizer split, tests green");
        await ui.ScreenshotAsync("compaction-response");
        await ui.Page.CloseAsync();
    }
}
