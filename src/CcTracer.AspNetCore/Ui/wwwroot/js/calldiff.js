// The Diff tab of an API call: Core's structural diff (GET …/diff?a=SEQ&b=SEQ) of this call against
// the previous call of its thread, or against any call picked with "compare with…" or ctrl/cmd-click.
import { h, sec } from './dom.js';
import { fmtBytes } from './format.js';
import { getJson, sessPath } from './api.js';
import { S } from './state.js';
import { callOf, threadRows } from './analysis.js';
import { threadOf } from './threads.js';
import { rowName } from './rows.js';
import { select } from './selection.js';

/** The previous call of the row's thread (threads API, else the analysis' thread key, else the previous API row). */
export function previousCall(r) {
  const t = threadOf(r);
  if (t) { const rows = threadRows(t.id), i = rows.indexOf(r); if (i > 0) return rows[i - 1]; if (i === 0) return null; }
  const c = callOf(r), calls = (S.an && S.an.calls) || [];
  if (c) { const prev = calls.filter((x) => x.thread_key === c.thread_key && x.seq < c.seq).pop(); if (prev) return S.byX.get(prev.exchange_id) || null; }
  const api = S.rows.filter((x) => x.kind === 'api' && x.req);
  const i = api.indexOf(r);
  return i > 0 ? api[i - 1] : null;
}

function loadDiff(a, b) {
  const key = 'cdiff:' + S.sid + ':' + a + ':' + b;
  if (!S.cache.has(key)) S.cache.set(key, getJson(sessPath(S.sid) + '/diff?a=' + a + '&b=' + b).catch((e) => { S.cache.delete(key); throw e; }));
  return S.cache.get(key);
}

const change = (c) => (c ? h('div', { class: 'diff' }, h('div', { class: 'hunk' }, h('span'), h('span'), h('span'), h('span', null, 'at character ' + c.position.toLocaleString())),
  h('div', { class: 'del' }, h('span'), h('span'), h('span', null, '−'), h('span', null, c.before == null ? '' : c.before)),
  h('div', { class: 'add' }, h('span'), h('span'), h('span', null, '+'), h('span', null, c.after == null ? '' : c.after))) : null);

const badge = (status) => h('span', { class: 'badge st-' + status }, status);

function parts(list, label) {
  const moved = list.filter((p) => p.status !== 'same');
  if (!moved.length) return h('div', { class: 'note', 'data-diff-section': label }, 'no change (' + list.length + ')');
  return h('div', { 'data-diff-section': label }, moved.map((p) => h('div', { class: 'dpart', 'data-status': p.status },
    h('div', { class: 'bh' }, badge(p.status), h('span', { class: 't' }, p.name || '#' + p.index), h('span', null, fmtBytes(p.a_bytes) + ' → ' + fmtBytes(p.b_bytes))), change(p.change))),
  list.length > moved.length ? h('div', { class: 'dim' }, (list.length - moved.length) + ' unchanged') : null);
}

function messages(m) {
  const out = [], items = m.items || [];
  let same = 0;
  const flush = () => { if (same) out.push(h('div', { class: 'dim same-run' }, same + ' unchanged message' + (same > 1 ? 's' : ''))); same = 0; };
  for (const it of items) {
    if (it.status === 'same') { same++; continue; }
    flush();
    out.push(h('div', { class: 'dpart', 'data-status': it.status, 'data-index': it.index },
      h('div', { class: 'bh' }, badge(it.status), h('span', { class: 't' }, '#' + it.index + ' ' + (it.role || '')), h('span', null, it.b_label || it.a_label || ''), h('span', null, fmtBytes(it.a_bytes) + ' → ' + fmtBytes(it.b_bytes))), change(it.change)));
  }
  flush();
  return h('div', { 'data-diff-section': 'messages' }, h('div', { class: 'dim' }, m.a_count + ' → ' + m.b_count + ' messages · the first ' + m.common_prefix + ' unchanged'), out);
}

function diffView(d) {
  const params = (d.params || []).filter((p) => p.status !== 'same');
  return [
    d.first_cache_difference ? h('div', { class: 'banner warn', 'data-first-cache-difference': d.first_cache_difference.at }, h('b', null, 'First cache-relevant difference: '), d.first_cache_difference.detail)
      : h('div', { class: 'banner', 'data-first-cache-difference': '' }, 'No cache-relevant difference: the earlier request is a prefix of this one.'),
    sec('Parameters', params.length + ' changed', params.length ? h('table', { class: 't', 'data-diff-section': 'params' }, h('tbody', null, params.map((p) => h('tr', { 'data-status': p.status }, h('td', { class: 'k' }, p.name), h('td', null, badge(p.status)), h('td', { class: 'v' }, p.a == null ? '–' : p.a), h('td', { class: 'v' }, p.b == null ? '–' : p.b)))))
      : h('div', { class: 'note', 'data-diff-section': 'params' }, 'no change')),
    sec('System', (d.system || []).length + ' blocks', parts(d.system || [], 'system')),
    sec('Tools', (d.tools || []).length, parts(d.tools || [], 'tools')),
    sec('Messages', (d.messages.items || []).length, messages(d.messages)),
  ];
}

function compareControl(r, a) {
  const calls = S.rows.filter((x) => x.kind === 'api' && x.req && x !== r);
  const sel = h('select', { id: 'compare-with', 'aria-label': 'Compare with' }, calls.map((x) => {
    const o = new Option('#' + x.req.seq + ' ' + rowName(x)[0] + ' ' + (rowName(x)[1] || '').slice(0, 60), x.req.seq);
    o.selected = a != null && x.req.seq === a;
    return o;
  }));
  sel.addEventListener('change', () => { S.compare = { a: +sel.value, b: r.req.seq }; select(r); });
  return h('div', { class: 'toolbar' }, h('span', { class: 'dim' }, 'compare with…'), sel, h('span', { class: 'dim' }, '(or ctrl/⌘-click a row)'));
}

export function callDiffTab(r) {
  if (!r.req) return [h('div', { class: 'note' }, 'No request recorded for this exchange.')];
  let a = S.compare && S.compare.b === r.req.seq ? S.compare.a : null;
  let why = 'picked';
  if (a == null) { const p = previousCall(r); a = p && p.req ? p.req.seq : null; why = 'the previous call of its thread'; }
  if (a == null) return [compareControl(r, null), h('div', { class: 'note' }, 'The first call of its thread: nothing earlier to compare with. Pick a call above.')];
  const other = S.bySeq.get(a);
  const box = h('div', { 'data-calldiff-state': 'loading' }, h('div', { class: 'note' }, 'Loading the diff…'));
  loadDiff(a, r.req.seq).then((d) => { box.dataset.calldiffState = 'done'; box.replaceChildren(...diffView(d)); },
    (e) => { box.dataset.calldiffState = 'error'; box.replaceChildren(h('div', { class: 'banner bad' }, 'No diff: ' + e.message)); });
  return [
    h('div', { class: 'banner', 'data-compare': a + ':' + r.req.seq }, 'Comparing ', h('button', { class: 'link', onclick: () => other && select(other, { scroll: true }) }, '#' + a), ' (' + why + ') → ', h('b', null, '#' + r.req.seq + ' (this call)')),
    compareControl(r, a), box,
  ];
}
