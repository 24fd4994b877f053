// The virtualized timeline: only the rows in (or near) the viewport are in the DOM. render() runs
// at most once per animation frame (schedule()).
import { $, h } from './dom.js';
import { BASE } from './api.js';
import { fmtClock, fmtMs } from './format.js';
import { S, ROW_H, wfRange } from './state.js';
import { rowName, rowStatus, rowTokens } from './rows.js';
import { refilter, clearFilters } from './filters.js';
import { waterfallBar, renderAxis } from './waterfall.js';
import { select } from './selection.js';
import { renderOverview } from './overview.js';
import { renderLanes } from './lanes.js';
import { verdictChip, perfCell } from './summary.js';

let rafPending = false;
export function schedule() { if (!rafPending) { rafPending = true; requestAnimationFrame(() => { rafPending = false; render(); }); } }

function render() {
  if (S.viewDirty) refilter();
  const tl = $('#timeline');
  $('#spacer').style.height = (S.view.length * ROW_H) + 'px';
  if (S.follow && S.view.length) tl.scrollTop = tl.scrollHeight;
  const top = tl.scrollTop, hgt = tl.clientHeight || 600;
  const first = Math.max(0, Math.floor(top / ROW_H) - 8);
  const last = Math.min(S.view.length, Math.ceil((top + hgt) / ROW_H) + 8);
  const keep = new Set();
  for (let i = first; i < last; i++) {
    const r = S.view[i];
    keep.add(r.key);
    let el = S.els.get(r.key);
    if (!el) { el = h('div', { class: 'row cols', role: 'row' }); el._row = r; S.els.set(r.key, el); tl.appendChild(el); el._ver = -1; }
    const [wa, wb] = wfRange();
    if (el._ver !== r.ver || el._t0 !== wa || el._t1 !== wb || el._an !== S.anVer) fillRow(el, r);
    el.style.top = (i * ROW_H) + 'px';
    el.classList.toggle('odd', i % 2 === 1);
    el.classList.toggle('selected', S.selected === r);
    el.classList.toggle('related', S.related.has(r));
  }
  for (const [k, el] of S.els) if (!keep.has(k)) { el.remove(); S.els.delete(k); }
  tl.dataset.total = S.view.length;
  const n = S.rows.length;
  $('#count').textContent = S.sid ? (S.view.length === n ? n + ' rows' : S.view.length + ' / ' + n + ' rows') : '';
  renderAxis();
  // The panels above the list draw from the analysis and threads: a fault there must not stop the list.
  for (const panel of [renderOverview, renderLanes]) { try { panel(); } catch (e) { console.warn('panel failed', e); } }
  renderEmpty();
}

function fillRow(el, r) {
  [el._t0, el._t1] = wfRange(); el._ver = r.ver; el._an = S.anVer;
  el.dataset.seq = r.seq;
  el.dataset.kind = r.kind;
  if (r.kind === 'api') {
    el.dataset.exchangeId = (r.req || r.res).exchange_id;
    if (r.res) el.dataset.resSeq = r.res.seq; else delete el.dataset.resSeq;
    el.dataset.state = r.res ? (r.err ? 'error' : 'done') : (r.progress ? 'streaming' : 'pending');
  } else { delete el.dataset.exchangeId; el.dataset.type = r.rec.type; }
  el.dataset.toolUseIds = r.ids.join(' ');
  el.dataset.seqs = r.seqs.join(' ');
  el.classList.toggle('err', r.err);
  const [name, pv] = rowName(r);
  const [st, stc] = rowStatus(r);
  const tok = rowTokens(r);
  el.title = fmtClock(r.start) + '  ' + name;
  el.replaceChildren(
    h('div', { class: 'c-seq' }, r.seq),
    h('div', { class: 'c-time' }, fmtClock(r.start)),
    h('div', { class: 'c-kind' }, h('span', { class: 'kind' }, r.kind)),
    h('div', { class: 'c-name' }, h('b', null, name), pv ? h('span', { class: 'pv' }, pv.replace(/\s+/g, ' ').slice(0, 200)) : null),
    h('div', { class: 'c-st ' + stc, title: st }, st, r.kind === 'api' ? verdictChip(r) : null),
    h('div', { class: 'c-tok' }, tok),
    h('div', { class: 'c-perf' }, r.kind === 'api' ? perfCell(r) : null),
    h('div', { class: 'c-dur' }, r.dur != null ? fmtMs(r.dur) + (r.res || r.kind !== 'api' ? '' : '…') : ''),
    h('div', { class: 'c-wf' }, waterfallBar(r)),
  );
}

function renderEmpty() {
  const e = $('#empty');
  let state = null, kids = [];
  const base = BASE.origin + BASE.pathname.replace(/\/$/, '');
  if (S.error) {
    state = 'error';
    kids = [h('h2', null, 'Cannot reach the tracer'), h('div', null, S.error), h('div', null, 'The page keeps retrying; check that cc-tracer is still running.')];
  } else if (!S.sessions.length && !S.sid) {
    state = 'no-sessions';
    kids = [h('h2', null, 'No sessions yet'),
      h('div', null, 'Run ', h('code', null, 'cc-tracer start'), ' in your project, or point Claude Code at this server:'),
      h('div', null, h('code', null, 'export ANTHROPIC_BASE_URL=' + base)),
      h('div', { class: 'dim' }, 'Hooks go to ', h('code', null, base + '/hooks'), '. Sessions appear here live, no reload needed.')];
  } else if (S.loading) {
    state = 'loading'; kids = [h('div', null, 'Loading session…')];
  } else if (S.sid && !S.rows.length) {
    state = 'no-records';
    kids = [h('h2', null, 'No records in this session yet'), h('div', null, 'Waiting for live traffic from Claude Code…')];
  } else if (S.rows.length && !S.view.length) {
    state = 'no-match';
    kids = [h('h2', null, 'No rows match the filters'), h('div', null, h('button', { onclick: clearFilters }, 'Clear filters'))];
  }
  e.hidden = !state;
  if (state && e.dataset.state + e.textContent !== state + kids.map((k) => k.textContent).join('')) {
    e.dataset.state = state;
    e.replaceChildren(h('div', { class: 'box' }, kids));
  }
  if (!state) delete e.dataset.state;
}

export function scrollToRow(r) {
  if (S.viewDirty) refilter();
  const i = S.view.indexOf(r);
  if (i < 0) return;
  const tl = $('#timeline');
  const y = i * ROW_H;
  if (y < tl.scrollTop || y + ROW_H > tl.scrollTop + tl.clientHeight) { tl.scrollTop = Math.max(0, y - tl.clientHeight / 3); S.follow = false; }
}

export function wireTimeline() {
  const tl = $('#timeline');
  tl.addEventListener('scroll', () => {
    S.follow = tl.scrollTop + tl.clientHeight >= tl.scrollHeight - ROW_H;
    schedule();
  }, { passive: true });
  tl.addEventListener('click', (e) => {
    const el = e.target.closest('.row');
    if (!el || !el._row) return;
    // Ctrl/⌘-click a second API call: compare it with the one selected (the Diff tab).
    const cur = S.selected, r = el._row;
    if ((e.ctrlKey || e.metaKey) && cur && cur !== r && cur.kind === 'api' && r.kind === 'api' && cur.req && r.req) {
      const [a, b] = cur.req.seq < r.req.seq ? [cur, r] : [r, cur];
      S.compare = { a: a.req.seq, b: b.req.seq }; S.tab = 'diff'; S.apiTab = 'diff';
      select(b);
      return;
    }
    select(r);
  });
  tl.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    if (S.viewDirty) refilter();
    if (!S.view.length) return;
    let i = S.selected ? S.view.indexOf(S.selected) : -1;
    i = e.key === 'ArrowDown' ? Math.min(S.view.length - 1, i + 1) : Math.max(0, i - 1);
    select(S.view[i], { scroll: true });
  });
  window.addEventListener('resize', schedule);
}
