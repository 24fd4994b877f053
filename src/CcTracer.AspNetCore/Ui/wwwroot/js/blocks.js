// Record bodies (body | body_text | body_base64) and Messages API content blocks, as DOM.
// Unknown block types are shown raw, never dropped.
import { h, pre, pretty, isObj, chars, parseJson, sec } from './dom.js';
import { fmtBytes } from './format.js';

export function bodyOf(rec) {
  if (!rec) return null;
  if ('body' in rec) return { form: 'body', json: rec.body };
  if (typeof rec.body_text === 'string') { const j = parseJson(rec.body_text); return j.ok ? { form: 'body_text', json: j.v, text: rec.body_text } : { form: 'body_text', text: rec.body_text }; }
  if (typeof rec.body_base64 === 'string') {
    let bytes;
    try { bytes = Uint8Array.from(atob(rec.body_base64), (c) => c.charCodeAt(0)); } catch { return { form: 'body_base64', text: rec.body_base64, binary: true }; }
    try { const t = new TextDecoder('utf-8', { fatal: true }).decode(bytes); const j = parseJson(t); return j.ok ? { form: 'body_base64', json: j.v, text: t } : { form: 'body_base64', text: t }; }
    catch { return { form: 'body_base64', binary: true, hex: [...bytes.slice(0, 512)].map((b) => b.toString(16).padStart(2, '0')).join(' '), text: rec.body_base64 }; }
  }
  return null;
}

export function bodyView(b) {
  if (!b) return h('div', { class: 'note' }, 'No body.');
  if (b.json !== undefined) return pre(pretty(b.json));
  if (b.binary) return [h('div', { class: 'note' }, 'Binary body (base64); first bytes in hex:'), pre(b.hex || b.text)];
  return pre(b.text);
}

export function cacheBadge(cc) { return cc ? h('span', { class: 'badge cache', title: pretty(cc) }, 'cache_control: ' + (cc.type || '?') + (cc.ttl ? ' ' + cc.ttl : '') + (cc.scope ? ' ' + cc.scope : '')) : null; }

export function failBanner(rec) {
  const j = rec && (rec.error || !rec.json) ? rec : null;
  return j ? h('div', { class: 'banner bad' }, 'Could not load record #' + rec.seq + ': ' + rec.error) : null;
}

function renderBlock(b) {
  if (typeof b === 'string') return h('div', { class: 'blk', 'data-block-type': 'string' }, pre(b));
  if (!isObj(b)) return h('div', { class: 'blk', 'data-block-type': 'raw' }, pre(pretty(b)));
  const t = b.type;
  const head = (...x) => h('div', { class: 'bh' }, h('span', { class: 't' }, t), ...x, cacheBadge(b.cache_control));
  const wrap = (...x) => h('div', { class: 'blk', 'data-block-type': String(t) }, ...x);
  switch (t) {
    case 'text': {
      const extra = b.citations ? sec('citations', b.citations.length, pre(pretty(b.citations)), false) : null;
      return wrap(head(h('span', null, chars(b.text) + ' chars')), pre(b.text), extra);
    }
    case 'thinking':
      // Adaptive thinking with display "omitted": the model thought, the API sent only the signature.
      if (!b.thinking) return wrap(head(h('span', null, 'signature ' + chars(b.signature) + ' chars')), h('div', { class: 'note', 'data-thinking': 'omitted' }, 'thinking omitted — the model thought, the API sent only its signature'));
      return wrap(head(h('span', null, chars(b.thinking) + ' chars'), b.signature ? h('span', null, 'signature ' + chars(b.signature) + ' chars') : null), pre(b.thinking));
    case 'redacted_thinking':
      return wrap(head(h('span', null, 'data ' + chars(b.data) + ' chars')), h('div', { class: 'note' }, 'thinking redacted by the API (encrypted data only)'));
    case 'tool_use': case 'server_tool_use': case 'mcp_tool_use': {
      let input = b.input;
      if (typeof input === 'string') { const j = parseJson(input); if (j.ok) input = j.v; }
      return wrap(head(h('b', null, b.name || '?'), h('span', { class: 'mono' }, b.id || ''), b.server_name ? h('span', null, b.server_name) : null), pre(typeof input === 'string' ? input : pretty(input)));
    }
    case 'compaction': {
      const enc = b.encrypted_content ? h('span', null, 'encrypted ' + chars(b.encrypted_content) + ' chars') : null;
      return wrap(head(h('span', null, 'summary ' + chars(b.content) + ' chars'), enc), typeof b.content === 'string' && b.content ? pre(b.content) : h('div', { class: 'note' }, 'no summary text (only encrypted state)'));
    }
    case 'fallback': {
      const model = (x) => (isObj(x) ? x.model : x) || '?';
      return wrap(head(h('span', null, model(b.from) + ' → ' + model(b.to)), b.reason ? h('span', null, String(b.reason)) : null), h('div', { class: 'note' }, 'the answer below came from a fallback model'), sec('raw', null, pre(pretty(b)), false));
    }
    case 'container_upload':
      return wrap(head(h('span', { class: 'mono' }, b.file_id || '?')), h('div', { class: 'note' }, 'file uploaded into the code-execution container'));
    case 'web_search_result':
      return wrap(head(h('b', null, b.title || ''), b.page_age ? h('span', null, b.page_age) : null), h('div', { class: 'mono' }, b.url || ''));
    case 'tool_result': case 'mcp_tool_result': case 'web_search_tool_result': case 'code_execution_tool_result': case 'web_fetch_tool_result':
    case 'bash_code_execution_tool_result': case 'text_editor_code_execution_tool_result': case 'tool_search_tool_result': {
      const c = b.content;
      const inner = typeof c === 'string' ? pre(c) : Array.isArray(c) ? c.map((x) => renderBlock(x)) : c === undefined ? h('div', { class: 'note' }, '(no content)') : pre(pretty(c));
      return wrap(head(h('span', null, '→ '), h('span', { class: 'mono' }, b.tool_use_id || ''), b.is_error ? h('span', { class: 'badge bad' }, 'is_error') : null), inner);
    }
    case 'image': case 'document': {
      const src = b.source || {};
      const size = typeof src.data === 'string' ? fmtBytes(Math.floor(src.data.length * 3 / 4)) : (src.url || src.file_id || '');
      return wrap(head(), h('div', { class: 'note' }, '[' + t + ': ' + (src.type || '?') + ' ' + (src.media_type || '') + ' ' + size + (b.title ? ' · ' + b.title : '') + ']'));
    }
    default:
      return wrap(head(h('span', { class: 'badge warn' }, 'unknown block type — raw')), pre(pretty(b)));
  }
}

export function renderContent(c) {
  if (typeof c === 'string') return [h('div', { class: 'blk', 'data-block-type': 'string' }, pre(c))];
  if (Array.isArray(c)) return c.map((b) => renderBlock(b));
  return [pre(pretty(c))];
}
