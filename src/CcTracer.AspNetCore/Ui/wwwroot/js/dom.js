// DOM helpers. Everything captured is rendered through textContent (via h()); never innerHTML.
// Styles go through CSSOM (el.style), never a style attribute: the CSP is style-src 'self'.

export const $ = (s) => document.querySelector(s);

export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props) for (const k in props) {
    const v = props[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  add(el, kids);
  return el;
}

export function add(el, kids) {
  for (const k of kids) {
    if (k === undefined || k === null || k === false) continue;
    if (Array.isArray(k)) add(el, k);
    else el.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

export const pre = (text, cls) => h('pre', { class: 'txt' + (cls ? ' ' + cls : ''), text: text });
export const pretty = (v) => { try { return JSON.stringify(v, null, 2); } catch { return String(v); } };
export const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
export const chars = (s) => (typeof s === 'string' ? s.length : 0);
export const jsonSize = (v) => { try { return new Blob([JSON.stringify(v)]).size; } catch { return 0; } };
export const parseJson = (t) => { try { return { ok: true, v: JSON.parse(t) }; } catch { return { ok: false }; } };

export function sec(title, meta, kids, open = true, attrs = {}) {
  return h('details', Object.assign({ class: 'sec', open }, attrs), h('summary', null, title, meta != null && meta !== '' ? h('span', { class: 'meta' }, meta) : null), h('div', { class: 'in' }, kids));
}

export function kv(pairs) {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of pairs) if (v !== undefined) dl.append(h('dt', null, k), h('dd', null, typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : (v instanceof Node ? v : pretty(v))));
  return dl;
}

export async function copyText(t) {
  if (navigator.clipboard && window.isSecureContext) { try { await navigator.clipboard.writeText(t); return; } catch { /* fall back */ } }
  const ta = h('textarea', { class: 'offscreen' }); ta.value = t; document.body.appendChild(ta); ta.select();
  const ok = document.execCommand('copy'); ta.remove();
  if (!ok) throw new Error('clipboard unavailable');
}
