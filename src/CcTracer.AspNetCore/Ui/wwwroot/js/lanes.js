// Swim lanes: one lane per thread (the main loop, each subagent nested under its parent, the utility
// calls in one lane, collapsed until opened), each call a bar on the waterfall's time axis (zoom
// applies). The Agent call that started a subagent carries a ↘ marker: click it to jump to the lane.
// Also the thread filter (#f-thread).
import { $, h } from './dom.js';
import { S, wfRange } from './state.js';
import { onAnalysis, threadRows } from './analysis.js';
import { threadOf } from './threads.js';
import { select } from './selection.js';
import { schedule } from './timeline.js';

const label = (t) => t.kind === 'main' ? 'main loop' : t.kind === 'utility' ? (t.utility_kind || 'utility') : (t.agent_type || 'subagent') + (t.description ? ' · ' + t.description : '');

/** Threads in lane order: main, then each subagent after its parent (depth-first), then utility. */
function ordered() {
  const all = [...S.th.threads.values()], out = [];
  const walk = (parent, depth) => {
    for (const t of all.filter((x) => x.kind === 'subagent' && (x.parent || 'main') === parent)) { out.push([t, depth]); walk(t.id, depth + 1); }
  };
  for (const t of all.filter((x) => x.kind === 'main')) { out.push([t, 0]); walk(t.id, 1); }
  for (const t of all.filter((x) => x.kind === 'subagent' && !out.some(([o]) => o === x))) out.push([t, 1]);
  return out;
}

/** The row of the call that issued an Agent tool_use (its response names the id). */
function spawner(t) {
  for (const r of (t.tool_use_id && S.byId.get(t.tool_use_id)) || []) if (r.kind === 'api' && r.res && (r.res.tool_use_ids || []).includes(t.tool_use_id)) return r;
  return null;
}

function bars(rows, a, span) {
  return rows.filter((r) => !isNaN(r.start) && r.end >= a && r.start <= a + span).map((r) => h('div', {
    class: 'lbar' + (r === S.selected ? ' on' : '') + (r.err ? ' err' : ''), 'data-seq': r.seq,
    style: { left: ((r.start - a) / span * 100).toFixed(3) + '%', width: Math.max(0.15, (r.end - r.start) / span * 100).toFixed(3) + '%' }, title: '#' + r.seq + ' ' + (r.model || ''),
  }));
}

function lane(t, depth, rows, a, span, extra) {
  const sel = threadOf(S.selected);
  const badge = t.exact === false ? h('span', { class: 'badge warn', title: t.why || '' }, 'inferred') : null;
  return h('div', { class: 'lane k-' + t.kind + (sel && sel.id === t.id ? ' cur' : ''), 'data-thread': t.id, 'data-kind': t.kind },
    h('div', { class: 'llabel', title: (t.why || '') + (t.prompt ? '\nprompt: ' + t.prompt.slice(0, 300) : '') },
      h('span', { class: 'ind', style: { width: (depth * 12) + 'px' } }), extra, h('b', null, label(t)), h('span', { class: 'dim' }, ' ' + rows.length), badge),
    h('div', { class: 'ltrack' }, bars(rows, a, span), t.spawns));
}

let drawn = '';

/** Redraws the lanes when what they show changed (called with every timeline render). */
export function renderLanes() {
  const box = $('#lanes');
  const show = !!(S.th && S.th.threads.size > 1 && S.rows.length);
  box.hidden = !show;
  renderThreadFilter();
  if (box.hidden) return;
  const [a, b] = wfRange();
  const key = a + ':' + b + ':' + S.anVer + ':' + (S.selected ? S.selected.key : '') + ':' + S.rows.length + ':' + S.lastSeq + ':' + S.utilOpen;
  if (key === drawn && box.childElementCount) return;
  drawn = key;
  const span = Math.max(1, b - a);
  const list = ordered();
  const out = [];
  for (const [t, depth] of list) {
    t.spawns = [];
    out.push([t, depth]);
  }
  // Markers on the parent's lane where each subagent was started.
  for (const [t] of list) {
    if (t.kind !== 'subagent') continue;
    const r = spawner(t), parent = S.th.threads.get(t.parent || 'main');
    if (!r || !parent || isNaN(r.end) || r.end < a || r.end > b) continue;
    parent.spawns.push(h('button', { class: 'spawn', 'data-spawns': t.id, 'data-seq': r.seq, title: 'Agent call #' + r.seq + ' started ' + label(t) + ': jump to its lane', style: { left: ((r.end - a) / span * 100).toFixed(3) + '%' } }, '↘'));
  }
  const lanes = out.map(([t, d]) => lane(t, d, threadRows(t.id), a, span));
  const util = [...S.th.threads.values()].filter((t) => t.kind === 'utility');
  if (util.length) {
    const rows = util.flatMap((t) => threadRows(t.id)).sort((x, y) => x.start - y.start);
    const open = S.utilOpen;
    const toggle = h('button', { class: 'twisty', id: 'util-toggle', 'aria-expanded': open ? 'true' : 'false', onclick: () => { S.utilOpen = !S.utilOpen; renderLanes(); } }, open ? '▾' : '▸');
    if (open) { lanes.push(lane({ id: 'utility', kind: 'utility', utility_kind: 'utility calls', spawns: [] }, 0, rows, a, span, toggle)); for (const t of util) lanes.push(lane(Object.assign(t, { spawns: [] }), 1, threadRows(t.id), a, span)); }
    else lanes.push(lane({ id: 'utility', kind: 'utility', utility_kind: 'utility calls', spawns: [] }, 0, rows, a, span, toggle));
  }
  box.replaceChildren(...lanes);
}

function renderThreadFilter() {
  const sel = $('#f-thread');
  const ths = S.th ? [...S.th.threads.values()] : [];
  sel.hidden = ths.length < 2;
  const key = ths.map((t) => t.id + (t.calls || []).length).join('|');
  if (sel._key === key) return;
  sel._key = key;
  const cur = sel.value;
  sel.replaceChildren(new Option('All threads', ''), ...ths.map((t) => new Option(label(t) + ' (' + (t.calls || []).length + ')', t.id)));
  sel.value = ths.some((t) => t.id === cur) ? cur : '';
}

/** The thread filter: API calls of the thread, and the other rows tied to them by a tool_use_id (main: also the rows tied to none). */
export function threadFilter(r) {
  const id = $('#f-thread').value;
  if (!id || !S.th) return true;
  if (r.kind === 'api') { const t = threadOf(r); return !!t && t.id === id; }
  if (!r.ids.length) return id === 'main';
  return r.ids.some((i) => [...(S.byId.get(i) || [])].some((o) => o.kind === 'api' && threadOf(o) && threadOf(o).id === id));
}

export function wireLanes() {
  onAnalysis(renderLanes);
  $('#f-thread').addEventListener('change', () => { S.viewDirty = true; schedule(); });
  $('#lanes').addEventListener('click', (e) => {
    const sp = e.target.closest('.spawn');
    if (sp) {
      const rows = threadRows(sp.dataset.spawns);
      // Selecting the subagent's first call marks its lane (.cur); bring the lane into view once drawn.
      if (rows[0]) select(rows[0], { scroll: true });
      requestAnimationFrame(() => requestAnimationFrame(() => { const l = $('#lanes .lane.cur'); if (l) l.scrollIntoView({ block: 'nearest' }); }));
      return;
    }
    const bar = e.target.closest('.lbar');
    if (bar) { const r = S.bySeq.get(+bar.dataset.seq); if (r) select(r, { scroll: true }); }
  });
}
