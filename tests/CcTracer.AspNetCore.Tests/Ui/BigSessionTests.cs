using System.Globalization;
using System.Text.Json;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// A long session (2,000 records, ~200 MB) opened in the browser. Asserts only what must hold
/// whatever the machine (every row reachable, the right counts); the timings it measures are
/// written to the test output and to test-artifacts/ui/big-session.json for the README.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BigSessionTests
{
    private const string SessionId = "big-session-2000";
    private const int Cycles = 500;
    private const int BodyBytes = 100_000;

    // Hooks are rows of their own; a request and its response share one row.
    private const int ExpectedRows = Cycles * 3;

    // The last row opens with the last cycle's PostToolUse.
    private const long LastRowSeq = Cycles * BigSessionWriter.RecordsPerCycle;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly BrowserFixture _browser;

    public BigSessionTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task A_2000_record_200_MB_session_opens_and_every_row_is_reachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = KestrelTracer.NewTempDirectory();
        try
        {
            var bytes = BigSessionWriter.Write(dir, SessionId, Cycles, BodyBytes);
            Assert.InRange(bytes, 190L * 1000 * 1000, 260L * 1000 * 1000);
            await using var tracer = await KestrelTracer.StartAsync(logDirectory: dir);
            var page = await _browser.NewPageAsync();
            var ui = new TimelinePage(page);
            await page.AddInitScriptAsync(PaintProbe.Script);
            var figures = new Dictionary<string, object>
            {
                ["records"] = Cycles * BigSessionWriter.RecordsPerCycle,
                ["file_mb"] = Math.Round(bytes / 1e6, 1),
                ["rows"] = ExpectedRows,
                ["cores"] = Environment.ProcessorCount,
                ["load_avg_1m"] = LoadAverage(),
            };

            // Cold: the server indexes the 200 MB file on this first request.
            var cold = await OpenAndMeasureAsync(ui, tracer.Root + "#session=" + SessionId);
            foreach (var (k, v) in cold)
            {
                figures["cold_" + k] = v;
            }

            // Warm: a reload with the index built, what a user sees every other time.
            var warm = await OpenAndMeasureAsync(ui, null);
            foreach (var (k, v) in warm)
            {
                figures["warm_" + k] = v;
            }

            await Expect(page.Locator("#count")).ToHaveTextAsync($"{ExpectedRows} rows");

            // Only the visible rows are in the DOM, however long the session.
            Assert.InRange(await ui.Rows.CountAsync(), 1, 120);

            // The UI follows the tail: the last row is on screen at first.
            await Expect(ui.Row(LastRowSeq)).ToBeVisibleAsync();
            // Frame intervals include waiting for a CPU on a busy machine; Chromium's own counters
            // of main-thread work (CDP Performance.getMetrics) say what the page itself spent.
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");
            var before = await MainThreadSecondsAsync(cdp);
            var scroll = await page.EvaluateAsync<JsonElement>(ScrollProbe, LastRowSeq);
            var after = await MainThreadSecondsAsync(cdp);
            foreach (var p in scroll.EnumerateObject().Where(p => !p.Name.StartsWith('$')))
            {
                figures["scroll_" + p.Name] = p.Value.Clone();
            }

            var frames = scroll.GetProperty("sweep_frames").GetInt32() + 4;
            foreach (var (name, seconds) in after)
            {
                figures["scroll_" + name + "_ms_per_frame"] = Math.Round((seconds - before[name]) * 1000 / frames, 2);
            }

            // Reachable both ways.
            await Expect(ui.Row(LastRowSeq)).ToBeVisibleAsync();
            await page.Locator("#timeline").EvaluateAsync("tl => { tl.scrollTop = 0; }");
            await Expect(ui.Row(1)).ToBeVisibleAsync();
            await page.Locator("#timeline").EvaluateAsync("tl => { tl.scrollTop = tl.scrollHeight; }");
            await Expect(ui.Row(LastRowSeq)).ToBeVisibleAsync();

            // A 100 KB turn opens in the detail panel.
            var lastTurn = LastRowSeq - 2;
            var t0 = await page.EvaluateAsync<double>("() => performance.now()");
            await ui.SelectAsync(lastTurn, "request");
            await Expect(ui.DetailBody.Locator("[data-role=user]")).ToContainTextAsync($"step {Cycles - 1}:");
            figures["open_100kb_turn_ms"] = Math.Round(await page.EvaluateAsync<double>("() => performance.now()") - t0);

            // Filtering 1,500 rows down to one by search.
            await page.Locator("#search").FillAsync("file00250.cs");
            await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "3");

            await ui.ScreenshotAsync("big-session");
            var json = JsonSerializer.Serialize(figures, Indented);
            await File.WriteAllTextAsync(Path.Combine(Artifacts.UiDirectory, "big-session.json"), json, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(json);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Navigates (or reloads when <paramref name="url"/> is null) and reads the probe once every row is counted.</summary>
    private static async Task<Dictionary<string, object>> OpenAndMeasureAsync(TimelinePage ui, string? url)
    {
        if (url is null)
        {
            await ui.Page.ReloadAsync();
        }
        else
        {
            await ui.Page.GotoAsync(url);
        }

        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", ExpectedRows.ToString(CultureInfo.InvariantCulture), new() { Timeout = 120_000 });
        await ui.Page.WaitForFunctionAsync("() => window.__probe && window.__probe.firstRowPainted", null, new() { Timeout = 120_000 });
        var probe = await ui.Page.EvaluateAsync<JsonElement>(
            """
            () => {
              const r = performance.getEntriesByType('resource').find((e) => /\/records$/.test(new URL(e.name).pathname));
              const nav = performance.getEntriesByType('navigation')[0];
              return {
                dom_content_loaded_ms: nav ? Math.round(nav.domContentLoadedEventEnd) : -1,
                records_requested_at_ms: r ? Math.round(r.startTime) : -1,
                records_received_at_ms: r ? Math.round(r.responseEnd) : -1,
                first_row_in_dom_ms: Math.round(window.__probe.firstRowInDom),
                first_row_painted_ms: Math.round(window.__probe.firstRowPainted),
                records_fetch_ms: r ? Math.round(r.responseEnd - r.startTime) : -1,
                records_ttfb_ms: r ? Math.round(r.responseStart - r.startTime) : -1,
                records_kb: r ? Math.round(r.encodedBodySize / 1024) : -1,
                js_heap_mb: performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : -1,
              };
            }
            """);
        return probe.EnumerateObject().Where(p => !p.Name.StartsWith('$')).ToDictionary(p => p.Name, p => (object)p.Value.Clone());
    }

    // Runs in the page. Jump: top → end until the last row is in the DOM. Sweep: the whole list,
    // half a screen per frame (a fast wheel), recording every frame's duration.
    private const string ScrollProbe = """
        async (lastSeq) => {
          const tl = document.querySelector('#timeline');
          const frame = () => new Promise((r) => requestAnimationFrame(r));
          tl.scrollTop = 0; await frame(); await frame();
          let t0 = performance.now();
          tl.scrollTop = tl.scrollHeight;
          while (!document.querySelector('#timeline .row[data-seq="' + lastSeq + '"]')) await frame();
          await frame();
          const jump_to_end_ms = Math.round(performance.now() - t0);
          tl.scrollTop = 0; await frame(); await frame();
          const step = Math.floor(tl.clientHeight / 2);
          const times = [];
          let prev = performance.now(); t0 = prev;
          while (tl.scrollTop + tl.clientHeight < tl.scrollHeight - 1) {
            tl.scrollTop += step;
            await frame();
            const now = performance.now(); times.push(now - prev); prev = now;
          }
          await frame();
          const sorted = [...times].sort((a, b) => a - b);
          const pct = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] * 10) / 10;
          return {
            jump_to_end_ms,
            sweep_frames: times.length,
            sweep_total_ms: Math.round(prev - t0),
            frame_ms_median: pct(0.5), frame_ms_p95: pct(0.95), frame_ms_max: Math.round(sorted[sorted.length - 1]),
            frames_over_50ms: times.filter((t) => t > 50).length,
            rows_in_dom_after: document.querySelectorAll('#timeline .row').length,
          };
        }
        """;

    /// <summary>Cumulative main-thread time by kind: all tasks, script, layout, style recalculation.</summary>
    private static async Task<Dictionary<string, double>> MainThreadSecondsAsync(Microsoft.Playwright.ICDPSession cdp)
    {
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        var all = metrics!.Value.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        return new()
        {
            ["main_thread"] = all["TaskDuration"],
            ["script"] = all["ScriptDuration"],
            ["layout"] = all["LayoutDuration"],
            ["style"] = all["RecalcStyleDuration"],
        };
    }

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
