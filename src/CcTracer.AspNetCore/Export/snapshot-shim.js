// The HTML snapshot's stand-in for the tracer's server (cc-tracer export html). It runs before the UI's
// modules and answers their fetch() from the data embedded in the page: one <script data-cc-url> block
// per API URL, gzip then base64, inflated on first use (DecompressionStream), so opening a long session
// decodes only what is shown. The live feed is off: EventSource never connects. Nothing reaches the
// network; the page's CSP forbids it anyway.
(() => {
  const realFetch = window.fetch.bind(window);
  const blocks = new Map();
  const inflated = new Map();
  const folder = new URL('.', location.href).href;
  window.ccTracerSnapshot = true;

  function index() {
    if (blocks.size) return;
    for (const el of document.querySelectorAll('script[data-cc-url]')) blocks.set(el.dataset.ccUrl, el);
  }

  function text(url) {
    if (!inflated.has(url)) {
      const el = blocks.get(url);
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
    for (const url of blocks.keys()) {
      const m = url.startsWith(prefix) && /^\/records\/(\d+)$/.exec(url.slice(prefix.length));
      if (m && (await text(url)).toLowerCase().includes(needle)) seqs.push(Number(m[1]));
    }
    return json(200, JSON.stringify({ seqs: seqs.sort((a, b) => a - b) }));
  }

  window.fetch = async (input) => {
    index();
    const href = new URL(typeof input === 'string' ? input : input.url, location.href).href;
    if (!href.startsWith(folder)) return json(404, '{"error":{"type":"snapshot","message":"not in this snapshot"}}');
    const rel = href.slice(folder.length);
    const path = rel.split('?')[0];
    const m = /^(api\/sessions\/[^/]+)\/search$/.exec(path);
    if (m) return search(m[1], new URL(href).searchParams.get('q'));
    // records?after=N asks for what came since: a snapshot has nothing newer.
    if (/\/records$/.test(path) && rel !== path) return json(200, '[]');
    const url = blocks.has(rel) ? rel : path;
    if (!blocks.has(url)) return json(404, '{"error":{"type":"not_found","message":"not in this snapshot"}}');
    return json(200, await text(url));
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
