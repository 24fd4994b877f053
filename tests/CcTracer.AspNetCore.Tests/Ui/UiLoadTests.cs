using System.Text;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The module build in Chromium under a route prefix: it loads, renders every tab, and the CSP blocks nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UiLoadTests
{
    // An Edit hook, so the Diff tab (the one that draws a +/- legend) is rendered too.
    private static readonly byte[] EditHook = Encoding.UTF8.GetBytes(
        $$$"""{"session_id":"{{{RecordedSessionBuilder.SessionId}}}","transcript_path":"/tmp/t.jsonl","cwd":"/tmp/p","hook_event_name":"PostToolUse","tool_name":"Edit","tool_use_id":"toolu_edit","tool_input":{"file_path":"/tmp/p/a.txt","old_string":"one\ntwo","new_string":"one\n2"},"tool_response":{"filePath":"/tmp/p/a.txt"}}""");

    private readonly BrowserFixture _browser;

    public UiLoadTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task The_page_under_a_prefix_logs_no_csp_violation_or_console_error_while_every_tab_renders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await RecordedSessionBuilder.StartAsync("/trace", ct);
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, EditHook, ct);
        await RecordedSessionBuilder.WaitForRecordsAsync(session.Tracer.Http, session.SessionId, RecordedSessionBuilder.RecordCount + 1, ct);

        var page = await _browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                lock (problems)
                {
                    problems.Add(m.Type + ": " + m.Text);
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (problems)
            {
                problems.Add("page error: " + e);
            }
        };
        page.RequestFailed += (_, r) =>
        {
            lock (problems)
            {
                problems.Add("request failed: " + r.Url + " " + r.Failure);
            }
        };

        // The init script runs before the page's own code; the CSP does not apply to it.
        await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var ui = new TimelinePage(page);
        Assert.StartsWith("/trace/", session.Tracer.Root.AbsolutePath, StringComparison.Ordinal);
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count + 1);

        await ui.SelectAsync(3, "usage");

        // The usage bar's colours come from classes now (not style attributes): the first part is the cache-read green.
        await Expect(page.Locator(".stack > .sw-read")).ToHaveCSSAsync("background-color", "rgb(26, 127, 55)");
        foreach (var tab in new[] { "request", "response", "context", "cache", "diff", "usage", "timing", "headers", "raw" })
        {
            await ui.Tab(tab).ClickAsync();
            await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", tab);
        }

        // The panels drawn from the analysis and threads: the chart (SVG) and the conversation view.
        await page.Locator("#ctx-toggle").ClickAsync();
        await Expect(page.Locator("#ctxchart rect.pt")).ToHaveCountAsync(2);
        await page.Locator("#views button[data-view=conversation]").ClickAsync();
        await Expect(page.Locator("#conv")).ToHaveAttributeAsync("data-state", "done");
        await page.Locator("#views button[data-view=network]").ClickAsync();

        var edit = RecordedSessionBuilder.RecordCount + 1;
        await ui.SelectAsync(edit, "diff");
        await Expect(ui.DetailBody.Locator("[data-diff] .add")).ToHaveCountAsync(1);
        await ui.SelectAsync(edit, "payload");

        // Bars are positioned through CSSOM, which the CSP allows: a blocked style would leave them at 0.
        var left = await page.Locator($"#timeline .row[data-seq=\"{edit}\"] .bar").EvaluateAsync<string>("b => b.style.left");
        Assert.Contains("%", left, StringComparison.Ordinal);

        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.Empty(violations);
        lock (problems)
        {
            Assert.Empty(problems);
        }

        await page.CloseAsync();
    }
}
