using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Utility calls (title, quota probe, count_tokens) share one swim lane, collapsed until opened.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UtilityLaneTests
{
    private const string QuotaProbe = """{"model":"claude-haiku-4-5","max_tokens":1,"messages":[{"role":"user","content":"quota"}]}""";

    private readonly BrowserFixture _browser;

    public UtilityLaneTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task Utility_calls_share_one_lane_collapsed_until_opened()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await RecordedSessionBuilder.StartAsync("", ct);

        // A quota probe (max_tokens 1, no tools) beside the main loop, as Claude Code sends one.
        session.Upstream.Enqueue(RecordedSessionBuilder.FinalTurn());
        using (var probe = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true"))
        {
            probe.Content = new StringContent(QuotaProbe, System.Text.Encoding.UTF8, "application/json");
            probe.Headers.Add("X-Claude-Code-Session-Id", RecordedSessionBuilder.SessionId);
            probe.Headers.Add("x-api-key", "sk-ant-test-0000");
            using var answer = await session.Tracer.Http.SendAsync(probe, ct);
            answer.EnsureSuccessStatusCode();
            await answer.Content.ReadAsByteArrayAsync(ct);
        }

        await RecordedSessionBuilder.WaitForRecordsAsync(session.Tracer.Http, session.SessionId, RecordedSessionBuilder.RecordCount + 2, ct);
        var ui = new TimelinePage(await _browser.NewPageAsync(1600, 900));
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count + 1);
        var utility = ui.Page.Locator("#lanes .lane[data-kind=utility]");
        await Expect(utility).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#util-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(utility.Locator(".lbar")).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#lanes .lane[data-thread=main] .lbar")).ToHaveCountAsync(2);

        await ui.Page.Locator("#util-toggle").ClickAsync();
        await Expect(ui.Page.Locator("#util-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(ui.Page.Locator("#lanes .lane[data-thread^='utility:']")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("threads-utility-lane");
        await ui.Page.CloseAsync();
    }
}
