// Selection, correlation (rows sharing a tool_use_id are "related") and the URL hash
// (#session=ID&seq=N), so a link opens the same session and row.
import { S } from './state.js';
import { schedule, scrollToRow } from './timeline.js';
import { openDetail, closeDetail } from './detail.js';
import { loadSession } from './sessions.js';
import { renderChart } from './ctxchart.js';

export function select(r, opts = {}) {
  S.selected = r;
  recomputeRelated();
  if (r && opts.scroll) scrollToRow(r);
  schedule();
  writeHash();
  if (r) openDetail(r); else closeDetail();
  if (S.chartOpen) renderChart();
}

export function recomputeRelated() {
  const r = S.selected;
  S.related = new Set();
  if (!r) return;
  for (const id of r.ids) for (const o of S.byId.get(id) || []) if (o !== r) S.related.add(o);
}

export function readHash() { const p = new URLSearchParams(location.hash.slice(1)); return { session: p.get('session'), seq: p.get('seq') ? +p.get('seq') : null }; }

export function writeHash() {
  const p = new URLSearchParams();
  if (S.sid) p.set('session', S.sid);
  if (S.selected) p.set('seq', S.selected.seq);
  const next = '#' + p.toString();
  if (location.hash !== next) history.replaceState(null, '', next);
}

export function wireHash() {
  window.addEventListener('hashchange', () => {
    const hs = readHash();
    if (hs.session && hs.session !== S.sid) loadSession(hs.session, hs.seq);
    else if (hs.seq && (!S.selected || S.selected.seq !== hs.seq)) { const r = S.bySeq.get(hs.seq); if (r) select(r, { scroll: true }); }
  });
}
