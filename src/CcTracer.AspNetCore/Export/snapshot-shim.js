// The HTML snapshot's stand-in for the tracer's server (cc-tracer export html). It runs before the UI's
// modules and answers their fetch() from the data embedded in the page: one <script data-cc-url> block
// per API URL, gzip then base64, inflated on first use (DecompressionStream), so opening a long session
// decodes only what is shown. The blocks the first screen needs precede the UI's entry module; the
// records' details follow it and may still be parsing when the UI starts: a URL not found yet is looked
// up again once the document is parsed. The live feed is off: EventSource never connects. Nothing
// reaches the network; the page's CSP forbids it anyway.
(() => {
  const realFetch = window.fetch.bind(window);
  const inflated = new Map();
  const folder = new URL('.', location.href).href;
  let blocks = null;
  window.ccTracerSnapshot = true;

  const parsed = new Promise((res) => {
    if (document.readyState !== 'loading') res();
    else document.addEventListener('DOMContentLoaded', () => res(), { once: true });
  });

  // Every block by URL, once the whole document is there; before that, one lookup at a time.
  async function block(url) {
    if (blocks) return blocks.get(url);
    const early = document.querySelector('script[data-cc-url="' + CSS.escape(url) + '"]');
    if (early) return early;
    await parsed;
    return (await all()).get(url);
  }

  async function all() {
    await parsed;
    if (!blocks) {
      blocks = new Map();
      for (const el of document.querySelectorAll('script[data-cc-url]')) blocks.set(el.dataset.ccUrl, el);
    }
    return blocks;
  }

  function text(url, el) {
    if (!inflated.has(url)) {
      inflated.set(url, realFetch('data:application/octet-stream;base64,' + el.textContent.trim())
        .then((r) => new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).text()));
    }
    return inflated.get(url);
  }

  const json = (status, body) => new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  // Full-text search (api/sessions/{id}/search?q=) over the embedded records, as the server would.
  async function search(prefix, q) {
    const needle = (q || '').trim().toLowerCase();
    const seqs = [];
    for (const [url, el] of await all()) {
      const m = url.startsWith(prefix) && /^\/records\/(\d+)$/.exec(url.slice(prefix.length));
      if (m && (await text(url, el)).toLowerCase().includes(needle)) seqs.push(Number(m[1]));
    }
    return json(200, JSON.stringify({ seqs: seqs.sort((a, b) => a - b) }));
  }

  window.fetch = async (input) => {
    const href = new URL(typeof input === 'string' ? input : input.url, location.href).href;
    if (!href.startsWith(folder)) return json(404, '{"error":{"type":"snapshot","message":"not in this snapshot"}}');
    const rel = href.slice(folder.length);
    const path = rel.split('?')[0];
    const m = /^(api\/sessions\/[^/]+)\/search$/.exec(path);
    if (m) return search(m[1], new URL(href).searchParams.get('q'));
    // records?after=N asks for what came since: a snapshot has nothing newer.
    if (/\/records$/.test(path) && rel !== path) return json(200, '[]');
    const url = rel !== path && (await block(rel)) ? rel : path;
    const el = await block(url);
    if (!el) return json(404, '{"error":{"type":"not_found","message":"not in this snapshot"}}');
    return json(200, await text(url, el));
  };

  window.EventSource = class SnapshotFeed {
    constructor() {
      this.readyState = 0;
      queueMicrotask(() => {
        const c = document.getElementById('conn');
        if (c) { c.dataset.state = 'snapshot'; c.textContent = 'snapshot'; c.title = 'A saved snapshot: no live feed'; }
      });
    }
    addEventListener() {}
    close() {}
  };
})();
