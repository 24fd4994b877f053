namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// Runs in the page (as an init script): the time from navigation start to the first row in the DOM and
/// to the frame that painted it, observed before the UI's own script runs. Read from <c>window.__probe</c>.
/// </summary>
internal static class PaintProbe
{
    public const string Script = """
        window.__probe = {};
        new MutationObserver((_, obs) => {
          if (!document.querySelector('#timeline .row')) return;
          obs.disconnect();
          window.__probe.firstRowInDom = performance.now();
          // rAF then a task: runs after the frame holding the row was produced.
          requestAnimationFrame(() => setTimeout(() => { window.__probe.firstRowPainted = performance.now(); }, 0));
        }).observe(document, { childList: true, subtree: true });
        """;
}
