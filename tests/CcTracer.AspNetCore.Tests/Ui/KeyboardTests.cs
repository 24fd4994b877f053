using System.Globalization;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Keyboard navigation of a long session: Home/End, [ and ], ← and →.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests
{
    private readonly BrowserFixture _browser;

    public KeyboardTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task Home_and_End_select_the_first_and_last_rows_and_brackets_step_through_calls_of_the_same_kind()
    {
        await using var session = await LongSession.StartAsync();
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, LongSession.Rows);
        await ui.Timeline.FocusAsync();

        await ui.Page.Keyboard.PressAsync("Home");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "1");
        await Expect(ui.Row(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bselected\b"));
        await ui.Page.Keyboard.PressAsync("End");
        var last = LongSession.PreToolUseSeq(LongSession.Cycles - 1) + 3;
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", last.ToString(CultureInfo.InvariantCulture));
        await Expect(ui.Row(last)).ToBeInViewportAsync();

        // ] from an API call goes to the next API call, skipping the hooks between; [ comes back.
        await GoToAsync(ui, LongSession.ApiSeq(10));
        await ui.Tab("request").ClickAsync();
        await ui.Page.Keyboard.PressAsync("]");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", LongSession.ApiSeq(11).ToString(CultureInfo.InvariantCulture));
        await ui.Page.Keyboard.PressAsync("]");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", LongSession.ApiSeq(12).ToString(CultureInfo.InvariantCulture));
        await ui.Page.Keyboard.PressAsync("[");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", LongSession.ApiSeq(11).ToString(CultureInfo.InvariantCulture));

        // ← / → walk the detail tabs, wrapping around.
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", "request");
        await ui.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", "response");
        await Expect(ui.Tab("response")).ToHaveClassAsync("active");
        await ui.Page.Keyboard.PressAsync("ArrowLeft");
        await ui.Page.Keyboard.PressAsync("ArrowLeft");
        var tabs = await ui.Page.Locator("#tabs button").AllAsync();
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", (await tabs[^1].GetAttributeAsync("data-tab"))!);

        // From a PreToolUse hook, ] goes to the next PreToolUse.
        await GoToAsync(ui, LongSession.PreToolUseSeq(20));
        await ui.Page.Keyboard.PressAsync("]");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", LongSession.PreToolUseSeq(21).ToString(CultureInfo.InvariantCulture));
        await ui.Page.CloseAsync();
    }

    /// <summary>Selects a row far from the screen through the URL (#seq=N), as a shared link does.</summary>
    private static async Task GoToAsync(TimelinePage ui, long seq)
    {
        var text = seq.ToString(CultureInfo.InvariantCulture);
        await ui.Page.EvaluateAsync("s => { location.hash = 'session=" + LongSession.SessionId + "&seq=' + s; }", text);
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", text);
        await ui.Timeline.FocusAsync();
    }
}
