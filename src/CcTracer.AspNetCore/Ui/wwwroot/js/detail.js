// The detail panel: which tabs a row has, fetching its full records (api/sessions/{id}/records/{seq}),
// rendering the active tab, closing (Esc) and resizing (drag the splitter).
import { $, h, parseJson } from './dom.js';
import { api, sessPath } from './api.js';
import { S } from './state.js';
import { rowName } from './rows.js';
import { schedule } from './timeline.js';
import { writeHash } from './selection.js';
import { API_TABS } from './tabs-api.js';
import { RECORD_TABS } from './tabs-record.js';
import { diffTab } from './diff.js';
import { markHits } from './hits.js';
import { ANALYSIS_TABS } from './tabs-analysis.js';
import { callDiffTab } from './calldiff.js';

const RENDER = Object.assign({}, API_TABS, RECORD_TABS, ANALYSIS_TABS, { diff: (r, f) => (r.kind === 'api' ? callDiffTab(r, f) : diffTab(r, f)) });

export function closeDetail() {
  S.detailToken++;
  $('#detail').hidden = true; $('#split').hidden = true; $('#main').classList.remove('open');
  if (S.selected) { S.selected = null; S.related = new Set(); schedule(); writeHash(); }
}

export function fetchRecord(seq) {
  const key = S.sid + ':' + seq;
  if (!S.cache.has(key)) {
    const p = fetch(api(sessPath(S.sid) + '/records/' + seq), { cache: 'no-store' }).then(async (r) => {
      const text = await r.text();
      if (!r.ok) return { seq, error: r.status + ' ' + text.slice(0, 300), text };
      const j = parseJson(text);
      return { seq, text, json: j.ok ? j.v : null, error: j.ok ? null : 'record is not valid JSON' };
    }).catch((e) => { S.cache.delete(key); return { seq, error: String(e) }; });
    S.cache.set(key, p);
  }
  return S.cache.get(key);
}

function tabsFor(r) {
  if (r.kind === 'api') return ['request', 'response', 'context', 'cache', 'diff', 'usage', 'timing', 'headers', 'raw'];
  const t = r.rec.type;
  if (t === 'hook' || t === 'hook_rejected') {
    const tools = ['Edit', 'MultiEdit', 'Write'];
    return r.rec.tool_name && tools.includes(r.rec.tool_name) ? ['payload', 'diff', 'raw'] : ['payload', 'raw'];
  }
  if (t === 'notice') return ['notice', 'raw'];
  return ['raw'];
}

export async function openDetail(r) {
  const tok = ++S.detailToken;
  $('#detail').hidden = false; $('#split').hidden = false; $('#main').classList.add('open');
  $('#detail').dataset.seq = r.seq; $('#detail').dataset.kind = r.kind;
  const [name] = rowName(r);
  $('#dtitle').replaceChildren(h('span', { class: 'kind', 'data-kind': r.kind }, r.kind), ' ', name, ' ', h('span', { class: 'dim' }, '#' + r.seqs.join(', #')));
  const tabs = tabsFor(r);
  if (!tabs.includes(S.tab)) S.tab = (r.kind === 'api' && S.apiTab) ? S.apiTab : tabs[0];
  if (!tabs.includes(S.tab)) S.tab = tabs[0];
  $('#tabs').replaceChildren(...tabs.map((t) => h('button', { 'data-tab': t, role: 'tab', class: t === S.tab ? 'active' : '', 'aria-selected': t === S.tab ? 'true' : 'false', onclick: () => setTab(t) }, t[0].toUpperCase() + t.slice(1))));
  const body = $('#detail-body');
  if (!r.full || r.full.ver !== r.ver) body.replaceChildren(h('div', { class: 'note' }, 'Loading…'));
  const [a, b] = await Promise.all([
    r.kind === 'api' ? (r.req ? fetchRecord(r.req.seq) : null) : fetchRecord(r.seq),
    r.kind === 'api' && r.res ? fetchRecord(r.res.seq) : null,
  ]);
  if (tok !== S.detailToken) return;
  r.full = r.kind === 'api' ? { req: a, res: b, ver: r.ver } : { rec: a, ver: r.ver };
  renderDetail();
}

export function setTab(t) {
  S.tab = t;
  if (S.selected && S.selected.kind === 'api') S.apiTab = t;
  for (const b of $('#tabs').children) { const on = b.dataset.tab === t; b.classList.toggle('active', on); b.setAttribute('aria-selected', on ? 'true' : 'false'); }
  renderDetail();
}

export function renderDetail() {
  const r = S.selected;
  const body = $('#detail-body');
  if (!r || !r.full) return;
  const keepScroll = body.dataset.panel === S.tab && body._key === r.key ? body.scrollTop : 0;
  body.dataset.panel = S.tab; body._key = r.key;
  let out;
  try {
    out = RENDER[S.tab](r, r.full);
  } catch (e) {
    out = [h('div', { class: 'banner bad' }, 'Could not render this view: ' + e.message), h('div', { class: 'note' }, 'The Raw tab shows the stored record.')];
  }
  body.replaceChildren(...[out].flat(Infinity).filter((x) => x != null && x !== false));
  body.scrollTop = keepScroll;
  // A fresh panel scrolls to the first search hit; a refresh of the same one keeps the reader's place.
  markHits(body, !keepScroll || body._q !== S.q);
  body._q = S.q;
}

export function wireDetail() {
  $('#dclose').addEventListener('click', () => closeDetail());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('#detail').hidden) { closeDetail(); $('#timeline').focus(); }
    if (e.key === '/' && document.activeElement && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) { e.preventDefault(); $('#search').focus(); }
  });
  const sp = $('#split'); // drag to resize the detail panel
  sp.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const move = (ev) => { const w = Math.max(320, Math.min(window.innerWidth - 360, window.innerWidth - ev.clientX)); $('#detail').style.width = w + 'px'; schedule(); };
    const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
    window.addEventListener('mousemove', move); window.addEventListener('mouseup', up);
  });
}
